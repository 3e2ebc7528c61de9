import { ALERT_TYPE_LABELS } from '@gatehouse/shared';
import type { Executor } from '../db/client.js';
import type { AlertDetails } from '../db/schema/index.js';
import { enqueueMail, renderMail } from '../mail/index.js';
import { activeOwnersOf } from './queries.js';
import { type AlertOrigin, type AlertScope, placeOf, recordAlert } from './raise.js';
import { ownerNoticeMail } from './templates.js';

/** What every owner is told of: a change to who holds power in the org (decision 017). */
export interface OwnerNotice {
  type: 'api_token_created' | 'role_changed' | 'user_disabled' | 'user_enabled';
  orgId: string;
  /** Who did it: no owner is told of their own act. Null for an API token. */
  actorUserId: string | null;
  /** Whom it is about (a new owner is not told of their own promotion), if anyone. */
  subjectUserId?: string;
  origin: AlertOrigin | null;
  summary: string;
  /** The page to review it on: `/admin/users`, `/admin/api-tokens`. */
  reviewPath: string;
}

/**
 * Raises the notice for every active owner but the actor, in the caller's transaction: an alert
 * row each (for /admin/alerts, naming the actor, who may not acknowledge it), its ALERT_RAISED
 * entry and a mail. Never deduplicated: a second change within the hour is news too.
 */
export async function alertOwners(
  db: Executor,
  scope: AlertScope,
  notice: OwnerNotice,
): Promise<number> {
  const owners = await activeOwnersOf(db, notice.orgId);
  const told = owners.filter(
    (owner) => owner.id !== notice.actorUserId && owner.id !== notice.subjectUserId,
  );
  const details: AlertDetails = {
    ip: notice.origin?.ip ?? null,
    country: notice.origin?.country ?? null,
    city: notice.origin?.city ?? null,
    device: notice.origin?.device ?? null,
    summary: notice.summary,
    actorUserId: notice.actorUserId,
  };
  for (const owner of told) {
    await recordAlert(db, scope, {
      user: owner,
      type: notice.type,
      details,
      deviceIdHash: null,
      // No "This wasn't me" link: there is nothing of the owner's own to secure.
      wasntMeTokenHash: null,
      wasntMeExpiresAt: scope.now,
    });
    const mail = renderMail(ownerNoticeMail, {
      name: owner.name,
      headline: ALERT_TYPE_LABELS[notice.type],
      summary: notice.summary,
      when: `${scope.now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      where: placeOf(details),
      ip: details.ip ?? 'unknown',
      device: details.device ?? 'Unknown device',
      reviewUrl: new URL(notice.reviewPath, scope.appUrl).toString(),
    });
    await enqueueMail(db, { kind: `notice_${notice.type}`, to: owner.email, ...mail }, scope.now);
  }
  return told.length;
}
