import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { SessionRow, UserRow } from '../../db/rows.js';
import { sessions } from '../../db/schema/index.js';
import { notifySessionsChanged } from './cache.js';
import { byId, isLive, revokeWhere, sessionPolicyRow } from './queries.js';

/** The user's own live sessions (no support session), least recently seen first, locked. */
function ownLiveSessionsForUpdate(db: Executor, userId: string, now: Date) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.impersonatorUserId), isLive(now)))
    .orderBy(asc(sessions.lastSeenAt), asc(sessions.createdAt))
    .for('update');
}

/**
 * Whether one more session would pass the org's `max_sessions_per_user` (DESIGN §4), and if so
 * the user's own live sessions to choose from, least recently seen first; null when it would
 * not (or when there is nothing of the user's own to choose). The same count as the eviction.
 */
export async function overSessionLimit(
  db: Executor,
  user: Pick<UserRow, 'id' | 'orgId'>,
  now: Date,
): Promise<{ limit: number; live: SessionRow[] } | null> {
  const settings = await sessionPolicyRow(db, user.orgId);
  const limit = settings?.maxSessionsPerUser ?? 5;
  const own = await ownLiveSessionsForUpdate(db, user.id, now);
  if (own.length + 1 <= limit || own.length === 0) return null;
  return { limit, live: own };
}

/**
 * Ends the session the person chose at the limit: one of their own live sessions (not a support
 * session), as the limit would have (`session_limit`), naming the device that takes its place.
 * Null when it is not one of theirs or has ended meanwhile.
 */
export async function endChosenSession(
  db: Executor,
  choice: { userId: string; sessionId: string; replacedByDevice: string | null; now: Date },
): Promise<SessionRow | null> {
  const own = await ownLiveSessionsForUpdate(db, choice.userId, choice.now);
  const chosen = own.find((session) => session.id === choice.sessionId);
  if (!chosen) return null;
  const ids = await revokeWhere(db, byId(chosen.id), {
    reason: 'session_limit',
    revokedBy: choice.userId,
    now: choice.now,
    replacedByDevice: choice.replacedByDevice,
  });
  await notifySessionsChanged(db, ids);
  return ids.length > 0 ? chosen : null;
}
