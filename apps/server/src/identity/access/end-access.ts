import type { EndedAccess } from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import { revokeTokensCreatedBy } from '../api-tokens/service.js';
import { endGrantsAndChallenges, endSessionsOf } from '../sessions/service.js';

export interface AccessChange {
  /** Why, as the ended sessions record it (`forced_logout`, `user_disabled`, `password_reset`…). */
  reason: string;
  /** Who ended it: an administrator, the user themself, or null (an API token, a mailed link). */
  revokedBy: string | null;
  now: Date;
  /** The session a password change came from: it stays, with a new token and version. */
  keepSessionId?: string;
  /** A routine password change or reset keeps the user's API tokens, so integrations go on. */
  keepTokens?: boolean;
  /** A force logout's reason, as the administrator wrote it: the signed-out browsers are told. */
  note?: string;
}

const listed = (ids: string[]) => ({ count: ids.length, ids });

/**
 * Ends a user's access (decision 017), in the caller's transaction: every session they hold,
 * every support session they opened as an administrator, their step-up grants and pending MFA
 * sign-ins, and (unless kept) every API token they created. Each cache on every instance drops
 * what ended before the write answers. Returns what ended, for the audit entry, and the user's
 * new session_version (for a kept session).
 */
export async function endUserAccess(
  db: Executor,
  user: { id: string; orgId: string },
  change: AccessChange,
): Promise<{ ended: EndedAccess; sessionVersion: number }> {
  const { reason, revokedBy, now } = change;
  const tokens = change.keepTokens ? [] : await revokeTokensCreatedBy(db, user, { revokedBy, now });
  const ended = await endSessionsOf(db, user, {
    reason,
    revokedBy,
    now,
    ...(change.keepSessionId ? { keepSessionId: change.keepSessionId } : {}),
    ...(change.note ? { note: change.note } : {}),
  });
  const { grants, challenges } = await endGrantsAndChallenges(db, user.id, now);
  return {
    ended: {
      sessions: listed(ended.sessions),
      supportSessions: listed(ended.supportSessions),
      grants: listed(grants),
      challenges: listed(challenges),
      apiKeys: listed(tokens),
    },
    sessionVersion: ended.sessionVersion,
  };
}
