/**
 * Whoever holds an alert email's "This wasn't me" link, signed in or not, ends every access of
 * that alert's user; an unknown, used or expired link is 400 INVALID_LINK.
 */
import {
  type EndedAccess,
  thisWasntMeRequestSchema,
  thisWasntMeResponseSchema,
} from '@gatehouse/shared';
import {
  alertByWasntMeToken,
  spendUserWasntMeTokens,
  spendWasntMeToken,
} from '../../alerts/index.js';
import type { AuditEmitter } from '../../audit/index.js';
import { hashToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { endUserAccess, requirePasswordReset } from '../../identity/index.js';

export const secureAccount: Route = defineRoute(
  {
    method: 'post',
    path: '/security/this-wasnt-me',
    tag: 'sessions',
    // The token from the alert email is the credential: the user may be signed out already.
    access: 'public',
    summary:
      'Secure the account an alert email was about: every session ends and a new password is required',
    body: thisWasntMeRequestSchema,
    response: thisWasntMeResponseSchema,
    audit: 'THIS_WASNT_ME',
  },
  async ({ db, body, audit, now }) => {
    const { userId, ...secured } = await secureAlertedAccount(db, body.token, { now, audit });
    audit.set({ targetType: 'user', targetId: userId, metadata: secured });
    return {
      success: true as const,
      passwordResetRequired: true as const,
      message:
        'Every session of your account was signed out. Choose a new password with "Forgot password?" on the sign-in page before you sign in again.',
    };
  },
);

const invalidLink = (): AppError =>
  new AppError(
    'INVALID_LINK',
    'This link has expired or was already used. Sign in and review your security settings, or use "Forgot password?".',
  );

/**
 * "This wasn't me": the email's token (single-use, 24 hours; only its hash is stored) ends all
 * access of the alert's user — whoever holds the link, it acts on that account alone: sessions,
 * support sessions they opened, step-up grants, half-done MFA sign-ins and the API tokens they
 * created (decision 017) — and requires a new password before sign-in.
 */
async function secureAlertedAccount(
  db: Executor,
  token: string,
  context: { now: Date; audit: Pick<AuditEmitter, 'actor'> },
): Promise<{ alertId: string; userId: string; revoked: number; ended: EndedAccess }> {
  const { now } = context;
  const alert = await alertByWasntMeToken(db, hashToken(token));
  if (!alert) throw invalidLink();
  context.audit.actor({ id: alert.userId, orgId: alert.orgId });
  if (alert.wasntMeUsedAt || alert.wasntMeExpiresAt <= now) throw invalidLink();
  if (!(await spendWasntMeToken(db, alert.id, now))) throw invalidLink();
  const { ended } = await endUserAccess(
    db,
    { id: alert.userId, orgId: alert.orgId },
    { reason: 'account_secured', revokedBy: alert.userId, now },
  );
  await requirePasswordReset(db, alert.userId, now);
  // One "This wasn't me" is enough: the other emails' links have nothing left to do.
  await spendUserWasntMeTokens(db, alert.userId, now);
  return { alertId: alert.id, userId: alert.userId, revoked: ended.sessions.count, ended };
}
