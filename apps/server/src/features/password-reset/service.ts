import { hashToken, newSessionToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import { AppError } from '../../http/errors.js';
import { insertResetToken, keepNewestResetTokens } from './queries.js';

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

export const invalidResetToken = (): AppError =>
  new AppError('RESET_TOKEN_INVALID', 'This reset link is invalid or has expired', {
    issues: [{ path: 'token', message: 'This reset link is invalid or has expired' }],
  });
