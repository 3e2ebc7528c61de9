import {
  ALERT_TYPES,
  AUDIT_ACTIONS,
  type AuditAction,
  type SecurityActivityItem,
  STEP_UP_PURPOSES,
} from '@gatehouse/shared';
import { z } from 'zod';
import { describeDevice } from '../../core/device.js';
import type { activityOf } from './queries.js';

type Row = Awaited<ReturnType<typeof activityOf>>[number];

/** What of an event's metadata the activity list shows; each part read on its own. */
const shown = z.object({
  reason: z.string().catch(''),
  purpose: z.enum(STEP_UP_PURPOSES).nullable().catch(null),
  device: z.string().nullable().catch(null),
  window: z.object({ count: z.number().int() }).nullable().catch(null),
  type: z.enum(ALERT_TYPES).nullable().catch(null),
  count: z.number().int().nullable().catch(null),
  firstAt: z.iso.datetime().nullable().catch(null),
  lastAt: z.iso.datetime().nullable().catch(null),
});
type Shown = z.infer<typeof shown>;
const metadataOf = (metadata: unknown): Shown =>
  shown.parse(typeof metadata === 'object' && metadata !== null ? metadata : {});

const isAuditAction = (action: string): action is AuditAction =>
  Object.hasOwn(AUDIT_ACTIONS, action);

/** Someone other than the user acted (an administrator, an API token): say who. */
function actorOf(row: Row, userId: string): SecurityActivityItem['actor'] {
  if (row.actorUserId && row.actorUserId !== userId)
    return { id: row.actorUserId, name: row.actorName ?? 'an administrator', kind: 'user' };
  if (row.actorTokenId)
    return { id: row.actorTokenId, name: row.actorTokenName ?? 'an API token', kind: 'api_token' };
  return null;
}

const ABOUT_SUPPORT = new Set<string>(['IMPERSONATION_STARTED', 'IMPERSONATION_ENDED']);
const SUPPORT_ALERTS = new Set<string>(['impersonation_started', 'impersonation_ended']);

/**
 * The support session behind an event: what it did as the user (`real_user_id`, refusals
 * included), or its start, end and their alerts (the administrator is the actor).
 */
function supportSessionOf(
  row: Row,
  meta: Shown,
  userId: string,
): SecurityActivityItem['supportSession'] {
  const reason = meta.reason || null;
  if (row.isImpersonating && row.realUserId)
    return { by: { id: row.realUserId, name: row.realUserName ?? 'an administrator' }, reason };
  const aboutSupport =
    ABOUT_SUPPORT.has(row.action) ||
    (row.action === 'ALERT_RAISED' && meta.type !== null && SUPPORT_ALERTS.has(meta.type));
  if (aboutSupport && row.actorUserId && row.actorUserId !== userId)
    return { by: { id: row.actorUserId, name: row.actorName ?? 'an administrator' }, reason };
  return null;
}

function pageViewsOf(action: AuditAction, meta: Shown): SecurityActivityItem['pageViews'] {
  if (action !== 'IMPERSONATION_PAGE_VIEWS' || meta.count === null) return null;
  if (meta.firstAt === null || meta.lastAt === null) return null;
  return { count: meta.count, firstAt: meta.firstAt, lastAt: meta.lastAt };
}

/** One audit row as the user's activity list shows it (none for an action this build lacks). */
export function itemOf(row: Row, userId: string): SecurityActivityItem[] {
  const { action } = row;
  if (!isAuditAction(action)) return [];
  const meta = metadataOf(row.metadata);
  const actor = actorOf(row, userId);
  // Someone else's act: their browser and address are not one of the user's devices. The
  // session signed out keeps its own device (`metadata.device`).
  const theirs = actor !== null;
  const device =
    meta.device ?? (row.userAgent && !theirs ? describeDevice(row.userAgent).label : null);
  return [
    {
      id: row.id,
      at: row.at.toISOString(),
      action,
      outcome: row.outcome,
      failureReason: row.failureReason,
      ip: theirs ? null : row.ip,
      country: theirs ? null : row.country,
      city: theirs ? null : row.city,
      userAgent: theirs ? null : row.userAgent,
      device,
      attempts: meta.window?.count ?? null,
      reason: meta.reason || null,
      purpose: meta.purpose,
      alertType: action === 'ALERT_RAISED' ? meta.type : null,
      actor,
      supportSession: supportSessionOf(row, meta, userId),
      pageViews: pageViewsOf(action, meta),
    },
  ];
}
