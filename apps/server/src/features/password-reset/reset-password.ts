/**
 * Anyone holding a live reset link sets the account's new password (with its second factor when
 * it has one); every session ends and the owner is mailed. Refused: a used, expired or disabled
 * account's link (400 RESET_TOKEN_INVALID), a weak password (400), no or a wrong second factor
 * (400 SECOND_FACTOR_REQUIRED, INVALID_OTP; the browser's attempts lock, 429).
 */
import { type ResetPasswordRequest, resetPasswordRequestSchema } from '@gatehouse/shared';
import { keptTokensSection } from '../../alerts/index.js';
import type { AuditEmitter } from '../../audit/index.js';
import type { Keys } from '../../core/keys.js';
import { hashPassword } from '../../core/passwords.js';
import { hashToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import { deviceIdHashesOf } from '../../http/client-info.js';
import { AppError } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import {
  browserParty,
  clearPasswordResetRequirement,
  endUserAccess,
  type OnFailure,
  refuseWeakPassword,
  setPasswordHash,
  verifySecondFactor,
} from '../../identity/index.js';
import { KEPT_TOKENS } from './hand-overs.js';
import { deleteResetTokensOf, findLiveResetToken, spendResetToken } from './queries.js';
import { invalidResetToken } from './service.js';

export const resetPassword: Route = defineRoute(
  {
    method: 'post',
    path: '/auth/password/reset',
    tag: 'auth',
    access: 'public',
    summary:
      'Set a new password with a reset link (and the second factor when enrolled); every session ends',
    body: resetPasswordRequestSchema,
    audit: 'PASSWORD_RESET',
  },
  async ({ db, body, req, audit, now, deps, onFailure }) => {
    await setPasswordFromLink(db, deps.keys, body, {
      now,
      onFailure,
      audit,
      appUrl: deps.config.appUrl,
      deviceIdHashes: deviceIdHashesOf(req, deps),
    });
  },
);

/**
 * Sets a new password from a reset link: the same rules as sign-up, the second factor when the
 * account has one, then every session ends (support sessions the user opened too), step-up
 * grants and MFA sign-ins end, the link is spent and the owner is told by mail. The caller signs
 * in afresh (decision 014). A routine reset keeps the user's API tokens and lists them in the
 * mail; the reset that follows "This wasn't me" ends them as well (decision 017).
 */
async function setPasswordFromLink(
  db: Executor,
  keys: Keys,
  input: ResetPasswordRequest,
  context: {
    now: Date;
    onFailure: OnFailure;
    audit: AuditEmitter<'PASSWORD_RESET'>;
    appUrl: URL;
    /** The browser's `gh_device` hashes (none without the cookie): whose code attempts these are. */
    deviceIdHashes: string[];
  },
): Promise<void> {
  const { now, audit } = context;
  const tokenHash = hashToken(input.token);
  const found = await findLiveResetToken(db, tokenHash, now);
  if (!found || found.user.disabledAt) throw invalidResetToken();
  const { user } = found;
  audit.actor(user);
  audit.set({ targetType: 'user', targetId: user.id });
  refuseWeakPassword(input.newPassword, 'newPassword', [user.email, user.name]);
  const mfaMethod = user.totpEnabled
    ? await secondFactor(db, keys, user, input, context)
    : undefined;
  if (!(await spendResetToken(db, tokenHash, now))) throw invalidResetToken();
  await deleteResetTokensOf(db, user.id);
  await setPasswordHash(db, user.id, await hashPassword(input.newPassword));
  // After "This wasn't me" the account was someone else's too: nothing of theirs is kept.
  const secured = user.passwordResetRequiredAt !== null;
  // A "This wasn't me" lock on sign-in ends with the new password.
  await clearPasswordResetRequirement(db, user.id);
  const { ended } = await endUserAccess(db, user, {
    reason: 'password_reset',
    revokedBy: user.id,
    now,
    keepTokens: !secured,
  });
  const keptTokens = secured ? null : await keptTokensSection(db, user, context);
  // The owner's mail reacts to PASSWORD_RESET, with this list.
  audit.hand(KEPT_TOKENS, keptTokens);
  audit.set({
    metadata: {
      revokedSessions: ended.sessions.count,
      ended,
      keptApiKeys: keptTokens?.tokens.length ?? 0,
      ...(mfaMethod ? { mfaMethod } : {}),
    },
  });
}

/**
 * A TOTP code or a recovery code, through the second-factor feature's replay guard and lock: a
 * browser that signed in to the account before has its own, anyone else the strangers' one.
 */
async function secondFactor(
  db: Executor,
  keys: Keys,
  user: UserRow,
  input: ResetPasswordRequest,
  context: { now: Date; onFailure: OnFailure; deviceIdHashes: string[] },
): Promise<'totp' | 'recovery_code'> {
  const proof =
    input.code !== undefined
      ? { code: input.code }
      : input.recoveryCode !== undefined
        ? { recoveryCode: input.recoveryCode }
        : undefined;
  if (!proof) {
    throw new AppError(
      'SECOND_FACTOR_REQUIRED',
      'Enter a code from your authenticator app or a recovery code',
      {
        methods: ['totp', 'recovery_code'],
        issues: [{ path: 'code', message: 'Enter the code from your authenticator app' }],
      },
    );
  }
  const party = await browserParty(db, user.id, context.deviceIdHashes);
  return verifySecondFactor(db, keys, user, proof, { ...context, party });
}
