import type { SupportSessionEnding } from '@gatehouse/shared';
import { type AlertScope, fromSession, raiseAlert } from '../../alerts/index.js';
import type { AuditEmitter } from '../../audit/index.js';
import { QUOTED_REASON_MAX, quoted } from '../../core/quoted-text.js';
import type { Executor } from '../../db/client.js';
import type { SessionRow } from '../../db/rows.js';
import { revokeSession, sessionProblem } from '../../identity/index.js';
import { claimSupportEnd, type SessionOfUser, takeViews, userName } from './queries.js';

/** What recording an end needs: an emitter for its rows, and the alert's URL and clock. */
export interface EndScope extends AlertScope {
  audit: Pick<AuditEmitter, 'emit' | 'actor'>;
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

const HOW: Record<SupportSessionEnding, string> = {
  exit: 'the administrator left',
  expired: 'its time ran out',
  revoked: 'it was signed out',
};

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
 * it expired or was cut short): a live one is ended now. Its reads' summary, the
 * IMPERSONATION_ENDED row and the user's email go in the caller's transaction. False when its
 * end was already recorded.
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
  scope.audit.actor({ id: admin, orgId: session.orgId });
  const views = await emitViews(db, scope, session, admin);
  const reason = session.impersonationReason ?? '';
  const durationSeconds = Math.max(
    0,
    Math.round((ending.endedAt.getTime() - session.createdAt.getTime()) / 1000),
  );
  scope.audit.emit('IMPERSONATION_ENDED', {
    targetType: 'user',
    targetId: session.userId,
    metadata: { reason, sessionId: session.id, durationSeconds, endedBy: ending.endedBy },
  });
  const name = (await userName(db, admin)) ?? undefined;
  const minutes = Math.max(1, Math.round(durationSeconds / 60));
  const viewed = views > 0 ? `, after ${views} page views` : '';
  await raiseAlert(db, scope, {
    type: 'impersonation_ended',
    user: { id: session.userId },
    origin: fromSession(session),
    everyTime: true,
    actedBy: admin,
    summary: `${name === undefined ? 'An administrator' : quoted(name)}'s support session on your account ended (${HOW[ending.endedBy]}) after ${minutes} min${viewed}. Reason given: ${reason ? quoted(reason, QUOTED_REASON_MAX) : 'none'}`,
    adminSummary: (userName) =>
      `${name === undefined ? 'An administrator' : quoted(name)}'s support session on the account of ${quoted(userName)} ended (${HOW[ending.endedBy]}) after ${minutes} min${viewed}. Reason given: ${reason ? quoted(reason, QUOTED_REASON_MAX) : 'none'}`,
  });
  return true;
}
