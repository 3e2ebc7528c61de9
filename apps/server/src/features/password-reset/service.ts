import type { ResetPasswordRequest } from '@gatehouse/shared';
import { keptTokensSection } from '../../alerts/index.js';
import type { AuditEmitter } from '../../audit/index.js';
import type { Keys } from '../../core/keys.js';
import { hashPassword } from '../../core/passwords.js';
import { hashToken, newSessionToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import { AppError } from '../../http/errors.js';
import {
  browserParty,
  clearPasswordResetRequirement,
  endUserAccess,
  findUserByEmail,
  type OnFailure,
  refuseWeakPassword,
  setPasswordHash,
  verifySecondFactor,
} from '../../identity/index.js';
import { KEPT_TOKENS, RESET_LINK } from './hand-overs.js';
import {
  deleteResetTokensOf,
  findLiveResetToken,
  insertResetToken,
  keepNewestResetTokens,
  spendResetToken,
} from './queries.js';

export const RESET_TOKEN_TTL_MS = 30 * 60 * 1000;
/**
 * Links live at once per user: a stranger asking for a link does not void the one the owner is
 * about to open (decision 021); using any of them ends the others.
 */
export const RESET_LINKS_LIVE = 3;
export const RESET_PAGE_PATH = '/reset-password';

export interface IssuedResetToken {
  /** The page that sets the new password, with the token: a secret, like the token itself. */
  url: string;
  expiresAt: Date;
}

/**
 * Creates a single-use reset link for the user (256 random bits, only the sha256 stored, 30
 * minutes), keeping the two newest older ones. Sends nothing: the caller mails it or redirects
 * to it.
 */
export async function issueResetToken(
  db: Executor,
  user: Pick<UserRow, 'id'>,
  now: Date,
  deps: { config: { appUrl: URL } },
): Promise<IssuedResetToken> {
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + RESET_TOKEN_TTL_MS);
  await keepNewestResetTokens(db, user.id, RESET_LINKS_LIVE - 1, now);
  await insertResetToken(db, {
    userId: user.id,
    tokenHash: hashToken(token),
    createdAt: now,
    expiresAt,
  });
  const url = new URL(RESET_PAGE_PATH, deps.config.appUrl);
  url.searchParams.set('token', token);
  return { url: url.toString(), expiresAt };
}

/**
 * "Forgot password?" for an address that may or may not have an account: when it has one (not
 * disabled), a fresh link is mailed in the same transaction and the request audited; otherwise
 * nothing happens. Run off the response path, so the answer's timing cannot tell the two apart.
 */
export async function mailResetLink(
  db: Executor,
  email: string,
  context: { now: Date; appUrl: URL; audit: AuditEmitter<'PASSWORD_RESET_REQUESTED'> },
): Promise<boolean> {
  const user = await findUserByEmail(db, email);
  if (!user || user.disabledAt) return false;
  const { now, appUrl, audit } = context;
  const issued = await issueResetToken(db, user, now, { config: { appUrl } });
  // Mailed by the reaction to PASSWORD_RESET_REQUESTED; the link never reaches the row.
  audit.hand(RESET_LINK, issued.url);
  audit.actor(user);
  audit.set({
    targetType: 'user',
    targetId: user.id,
    metadata: { expiresAt: issued.expiresAt.toISOString() },
  });
  return true;
}

export const invalidResetToken = (): AppError =>
  new AppError('RESET_TOKEN_INVALID', 'This reset link is invalid or has expired', {
    issues: [{ path: 'token', message: 'This reset link is invalid or has expired' }],
  });

/**
 * Sets a new password from a reset link: the same rules as sign-up, the second factor when the
 * account has one, then every session ends (support sessions the user opened too), step-up
 * grants and MFA sign-ins end, the link is spent and the owner is told by mail. The caller signs
 * in afresh (decision 014). A routine reset keeps the user's API tokens and lists them in the
 * mail; the reset that follows "This wasn't me" ends them as well (decision 017).
 */
export async function resetPassword(
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
