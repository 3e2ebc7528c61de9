import type { ImpersonationDTO } from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { SessionRow } from '../../db/rows.js';
import type { AuthContext } from '../../http/auth-context.js';
import type { SignInClient } from '../../http/client-info.js';
import { createSession, revokeSession } from '../sessions/index.js';
import { findUser, impersonationModeOf, userName } from './queries.js';

/** The running support session behind a request, for `GET /api/auth/me`; null for a normal one. */
export async function impersonationOf(
  db: Executor,
  auth: AuthContext,
): Promise<ImpersonationDTO | null> {
  const { session } = auth;
  if (!session.impersonatorUserId) return null;
  return {
    realUser: {
      id: session.impersonatorUserId,
      name: (await userName(db, session.impersonatorUserId)) ?? 'An administrator',
    },
    user: { id: auth.user.id, name: auth.user.name },
    reason: session.impersonationReason ?? '',
    startedAt: session.createdAt.toISOString(),
    expiresAt: session.absoluteExpiresAt.toISOString(),
    mode: await impersonationModeOf(db, auth.org.id),
  };
}

/**
 * Opens a support session: a session of the user's own (60 minutes at most, 15 idle) that names
 * the administrator and the reason. The administrator's session is kept, to come back to.
 */
export async function startImpersonation(
  db: Executor,
  auth: AuthContext,
  input: { userId: string; reason: string; client: SignInClient; now: Date },
): Promise<{ token: string; session: SessionRow; dto: ImpersonationDTO }> {
  const user = await findUser(db, input.userId);
  if (!user) throw new Error('impersonated user vanished');
  const { token, session } = await createSession(db, {
    user,
    ...input.client,
    authMethods: ['impersonation'],
    now: input.now,
    impersonation: { byUserId: auth.user.id, bySessionId: auth.session.id, reason: input.reason },
  });
  return {
    token,
    session,
    dto: {
      realUser: { id: auth.user.id, name: auth.user.name },
      user: { id: user.id, name: user.name },
      reason: input.reason,
      startedAt: session.createdAt.toISOString(),
      expiresAt: session.absoluteExpiresAt.toISOString(),
      mode: await impersonationModeOf(db, auth.org.id),
    },
  };
}

/**
 * Ends a support session (if it has not ended already) and says how: by exit, or because its
 * time ran out before anyone exited. Null when it had already been ended.
 */
export async function endImpersonation(db: Executor, session: SessionRow, now: Date) {
  if (session.revokedAt) return null;
  const expired = session.idleExpiresAt <= now || session.absoluteExpiresAt <= now;
  await revokeSession(db, session.id, {
    reason: 'impersonation_ended',
    revokedBy: session.impersonatorUserId,
    now,
  });
  const endedAt = expired
    ? Math.min(session.idleExpiresAt.getTime(), session.absoluteExpiresAt.getTime())
    : now.getTime();
  return {
    endedBy: expired ? ('expired' as const) : ('exit' as const),
    durationSeconds: Math.max(0, Math.round((endedAt - session.createdAt.getTime()) / 1000)),
  };
}
