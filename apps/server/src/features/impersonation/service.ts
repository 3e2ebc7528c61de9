import type { ImpersonationDTO } from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { SessionRow } from '../../db/rows.js';
import type { AuthContext } from '../../http/auth-context.js';
import type { SignInClient } from '../../http/client-info.js';
import { createSession, impersonationModeOf } from '../../identity/index.js';
import { findUser } from './queries.js';

/**
 * Opens a support session: a session of the user's own (60 minutes at most, 15 idle) that names
 * the administrator and the reason. The administrator's session is kept, to come back to. The
 * user is mailed at once (the reaction to IMPERSONATION_STARTED).
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
