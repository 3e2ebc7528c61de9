import type { AuditEmitter } from '../../audit/index.js';
import type { Executor } from '../../db/client.js';
import type { SessionRow } from '../../db/rows.js';
import { revokeSession, sessionProblem } from '../../identity/index.js';
import { claimSupportEnd, type SessionOfUser, takeViews } from './queries.js';

/** What recording an end needs: an emitter for its rows, and the clock. */
export interface EndScope {
  audit: Pick<AuditEmitter, 'emit'>;
  now: Date;
}

/** How a support session ended, seen now: null while it still runs (an exit ends it then). */
function endingOf({ session, user }: SessionOfUser, now: Date) {
  const problem = sessionProblem(session, user, now);
  if (!problem) return null;
  if (problem === 'session_expired') {
    const at = Math.min(session.idleExpiresAt.getTime(), session.absoluteExpiresAt.getTime());
    return { endedBy: 'expired' as const, endedAt: new Date(at) };
  }
  return { endedBy: 'revoked' as const, endedAt: session.revokedAt ?? now };
}

/** The support session's reads as one row: how many, first and last, and which routes. */
async function emitViews(db: Executor, scope: EndScope, session: SessionRow, admin: string) {
  const views = await takeViews(db, session.id);
  if (views.length === 0) return 0;
  const count = views.reduce((sum, view) => sum + view.count, 0);
  const first = Math.min(...views.map((view) => view.firstAt.getTime()));
  const last = Math.max(...views.map((view) => view.lastAt.getTime()));
  scope.audit.emit(
    'IMPERSONATION_PAGE_VIEWS',
    {
      targetType: 'session',
      targetId: session.id,
      metadata: {
        reason: session.impersonationReason ?? '',
        sessionId: session.id,
        count,
        firstAt: new Date(first).toISOString(),
        lastAt: new Date(last).toISOString(),
        routes: views.map(({ method, route, count: n }) => ({ method, route, count: n })),
      },
    },
    // Like the reads it stands for: the user's account, with the administrator behind it.
    {
      orgId: session.orgId,
      actorUserId: session.userId,
      realUserId: admin,
      ip: session.ip,
      userAgent: session.userAgent,
    },
  );
  return count;
}

/**
 * Records the end of a support session once, whoever notices first (exit, or the sweeper after
 * it expired or was cut short): a live one is ended now. Its reads' summary and the
 * IMPERSONATION_ENDED row (whose reaction mails the user) go in the caller's transaction, as the
 * administrator's acts in the user's org, whatever request or sweep noticed. False when its end
 * was already recorded.
 */
export async function recordSupportSessionEnd(
  db: Executor,
  scope: EndScope,
  found: SessionOfUser,
): Promise<boolean> {
  const { session } = found;
  const admin = session.impersonatorUserId;
  const { now } = scope;
  if (!admin || !(await claimSupportEnd(db, session, now))) return false;
  const ending = endingOf(found, now) ?? { endedBy: 'exit' as const, endedAt: now };
  if (ending.endedBy === 'exit')
    await revokeSession(db, session.id, { reason: 'impersonation_ended', revokedBy: admin, now });
  const pageViews = await emitViews(db, scope, session, admin);
  const durationSeconds = Math.max(
    0,
    Math.round((ending.endedAt.getTime() - session.createdAt.getTime()) / 1000),
  );
  scope.audit.emit(
    'IMPERSONATION_ENDED',
    {
      targetType: 'user',
      targetId: session.userId,
      metadata: {
        reason: session.impersonationReason ?? '',
        sessionId: session.id,
        durationSeconds,
        endedBy: ending.endedBy,
        pageViews,
      },
    },
    { orgId: session.orgId, actorUserId: admin },
  );
  return true;
}
