/**
 * A signed-in user (never a support session) changes their own password with the current one;
 * every other session is signed out, this one gets a new token, and the user is alerted with the
 * API tokens kept. Refused: a wrong current password (400, counted toward the step-up lock), the
 * same password again or a weak one (400), while locked (429).
 */
import {
  type ChangePasswordRequest,
  changePasswordRequestSchema,
  changePasswordResponseSchema,
  type EndedAccess,
} from '@gatehouse/shared';
import { keptTokensSection } from '../../alerts/index.js';
import { hashPassword, verifyPassword } from '../../core/passwords.js';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { setSessionCookie } from '../../http/cookies.js';
import { AppError } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import {
  assertNotLocked,
  countVerifyFailure,
  endUserAccess,
  type OnFailure,
  refuseWeakPassword,
  rotateSessionToken,
  setPasswordHash,
} from '../../identity/index.js';
import { KEPT_TOKENS } from './hand-overs.js';

export const changePassword: Route = defineRoute(
  {
    method: 'post',
    path: '/auth/password',
    impersonation: 'never',
    tag: 'auth',
    access: 'session',
    summary: 'Change the password; every other session is signed out, this one gets a new token',
    body: changePasswordRequestSchema,
    response: changePasswordResponseSchema,
    audit: 'PASSWORD_CHANGED',
  },
  async ({ db, auth, body, res, audit, now, deps, onFailure, afterCommit }) => {
    const { config } = deps;
    audit.set({ targetType: 'user', targetId: auth.user.id });
    const changed = await setNewPassword(db, auth, body, { now, onFailure });
    const appUrl = config.appUrl;
    const keptTokens = await keptTokensSection(db, auth.user, { now, appUrl });
    // The password_changed alert (and its mail) reacts to PASSWORD_CHANGED with this list.
    audit.hand(KEPT_TOKENS, keptTokens);
    audit.set({
      metadata: {
        revokedOtherSessions: changed.revokedOtherSessions,
        ended: changed.ended,
        keptApiKeys: keptTokens?.tokens.length ?? 0,
      },
    });
    afterCommit(() => setSessionCookie(res, config, changed.token, auth.session.absoluteExpiresAt));
    return { revokedOtherSessions: changed.revokedOtherSessions };
  },
);

/**
 * Changes the password. Every other session dies (session_version), and every support session
 * the user opened; this one gets a new token; step-up grants and pending MFA sign-ins made with
 * the old password end. API tokens are kept (decision 017): the alert's mail lists them.
 */
async function setNewPassword(
  db: Executor,
  auth: AuthContext,
  input: ChangePasswordRequest,
  context: { now: Date; onFailure: OnFailure },
): Promise<{ revokedOtherSessions: number; token: string; ended: EndedAccess }> {
  const { now } = context;
  const path = 'newPassword';
  // The session's step-up lock: a stolen cookie cannot guess the password here either.
  const party = { session: auth.session.id };
  await assertNotLocked(db, auth.user.id, party, now);
  if (!(await verifyPassword(auth.user.passwordHash, input.currentPassword))) {
    countVerifyFailure(context.onFailure, auth.user.id, party, now);
    throw new AppError('INVALID_PASSWORD', 'Current password is wrong', {
      issues: [{ path: 'currentPassword', message: 'Current password is wrong' }],
    });
  }
  if (await verifyPassword(auth.user.passwordHash, input.newPassword)) {
    const message = 'Choose a password different from your current one';
    throw new AppError('VALIDATION_FAILED', message, { issues: [{ path, message }] });
  }
  refuseWeakPassword(input.newPassword, path, [auth.user.email, auth.user.name, auth.org.name]);
  await setPasswordHash(db, auth.user.id, await hashPassword(input.newPassword));
  const { ended, sessionVersion } = await endUserAccess(db, auth.user, {
    reason: 'password_changed',
    revokedBy: auth.user.id,
    now,
    keepSessionId: auth.session.id,
    keepTokens: true,
  });
  const { token } = await rotateSessionToken(db, auth.session, { sessionVersion });
  return { revokedOtherSessions: ended.sessions.count, token, ended };
}
