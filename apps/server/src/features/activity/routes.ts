import {
  ALERT_TYPES,
  pageQuerySchema,
  SECURITY_ACTIVITY_ACTIONS,
  type SecurityActivityItem,
  STEP_UP_PURPOSES,
  securityActivityResponseSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import { describeDevice } from '../../core/device.js';
import type { AppDeps } from '../../deps.js';
import { decodeSeqCursor, encodeSeqCursor } from '../../http/paging.js';
import { defineRoute, type Route } from '../../http/route.js';
import { activityOf } from './queries.js';

/** What of an event's metadata the activity list shows; each part read on its own. */
const shown = z.object({
  reason: z.string().catch(''),
  purpose: z.enum(STEP_UP_PURPOSES).nullable().catch(null),
  device: z.string().nullable().catch(null),
  window: z.object({ count: z.number().int() }).nullable().catch(null),
});
const metadataOf = (metadata: unknown) =>
  shown.parse(typeof metadata === 'object' && metadata !== null ? metadata : {});

const withAlertType = z.object({ type: z.enum(ALERT_TYPES) });
/** What an alert was about, if the event is one (ALERT_RAISED). */
const alertTypeOf = (metadata: unknown): SecurityActivityItem['alertType'] => {
  const parsed = withAlertType.safeParse(metadata);
  return parsed.success ? parsed.data.type : null;
};

const isActivity = (action: string): action is SecurityActivityItem['action'] =>
  (SECURITY_ACTIVITY_ACTIONS as readonly string[]).includes(action);

type Row = Awaited<ReturnType<typeof activityOf>>[number];

/** Someone other than the user acted (an administrator, an API token): say who. */
function actorOf(row: Row, userId: string): SecurityActivityItem['actor'] {
  if (row.actorUserId && row.actorUserId !== userId)
    return { id: row.actorUserId, name: row.actorName ?? 'an administrator', kind: 'user' };
  if (row.actorTokenId)
    return { id: row.actorTokenId, name: row.actorTokenName ?? 'an API token', kind: 'api_token' };
  return null;
}

function itemOf(row: Row, userId: string): SecurityActivityItem[] {
  const { action } = row;
  if (!isActivity(action)) return [];
  const meta = metadataOf(row.metadata);
  const device = meta.device ?? (row.userAgent ? describeDevice(row.userAgent).label : null);
  return [
    {
      id: row.id,
      at: row.at.toISOString(),
      action,
      outcome: row.outcome,
      failureReason: row.failureReason,
      ip: row.ip,
      country: row.country,
      city: row.city,
      userAgent: row.userAgent,
      device,
      attempts: meta.window?.count ?? null,
      reason: meta.reason || null,
      purpose: meta.purpose,
      alertType: action === 'ALERT_RAISED' ? alertTypeOf(row.metadata) : null,
      actor: actorOf(row, userId),
    },
  ];
}

export function activityRoutes(_deps: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/security/activity',
        tag: 'sessions',
        access: 'session',
        summary:
          "The caller's own security events: sign-ins (and failed ones), sessions signed out and by whom, factor and password changes, support sessions; newest first (cursor paging)",
        query: pageQuerySchema,
        response: securityActivityResponseSchema,
      },
      async ({ db, auth, query }) => {
        const beforeSeq = decodeSeqCursor(query.cursor);
        const rows = await activityOf(
          db,
          { orgId: auth.org.id, userId: auth.user.id },
          { limit: query.limit + 1, ...(beforeSeq === undefined ? {} : { beforeSeq }) },
        );
        const items = rows.slice(0, query.limit);
        const last = items[items.length - 1];
        return {
          items: items.flatMap((row) => itemOf(row, auth.user.id)),
          nextCursor: rows.length > query.limit && last ? encodeSeqCursor(last.seq) : null,
        };
      },
    ),
  ];
}
