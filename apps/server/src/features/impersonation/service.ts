import type { ImpersonationDTO } from '@gatehouse/shared';
import { type AlertScope, fromSession, raiseAlert } from '../../alerts/index.js';
import { QUOTED_REASON_MAX, quoted } from '../../core/quoted-text.js';
import type { Executor } from '../../db/client.js';
import type { SessionRow } from '../../db/rows.js';
import type { AuthContext } from '../../http/auth-context.js';
import type { SignInClient } from '../../http/client-info.js';
import { createSession, impersonationModeOf } from '../../identity/index.js';
import { findUser } from './queries.js';

/** "2026-12-01 10:00 UTC": the instants of a support session as its email gives them. */
const mailTime = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * Opens a support session: a session of the user's own (60 minutes at most, 15 idle) that names
 * the administrator and the reason. The administrator's session is kept, to come back to. The
 * user is mailed at once: who, why, since when and until when at the latest.
 */
export async function startImpersonation(
  db: Executor,
  auth: AuthContext,
  input: { userId: string; reason: string; client: SignInClient; scope: AlertScope },
): Promise<{ token: string; session: SessionRow; dto: ImpersonationDTO }> {
  const user = await findUser(db, input.userId);
  if (!user) throw new Error('impersonated user vanished');
  const { token, session } = await createSession(db, {
    user,
    ...input.client,
    authMethods: ['impersonation'],
    now: input.scope.now,
    impersonation: { byUserId: auth.user.id, bySessionId: auth.session.id, reason: input.reason },
  });
  await raiseAlert(db, input.scope, {
    type: 'impersonation_started',
    user: { id: user.id },
    origin: fromSession(session),
    everyTime: true,
    actedBy: auth.user.id,
    summary: `${quoted(auth.user.name)} started a support session on your account at ${mailTime(session.createdAt)}; it ends by ${mailTime(session.absoluteExpiresAt)} at the latest. Reason given: ${quoted(input.reason, QUOTED_REASON_MAX)}`,
    adminSummary: (name) =>
      `${quoted(auth.user.name)} started a support session on the account of ${quoted(name)}; it ends by ${mailTime(session.absoluteExpiresAt)} at the latest. Reason given: ${quoted(input.reason, QUOTED_REASON_MAX)}`,
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
