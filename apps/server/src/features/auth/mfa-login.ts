import type { LoginMfaRequest } from '@gatehouse/shared';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { verifySecondFactor } from '../../core/second-factor.js';
import type { UserRow } from '../../core/sessions.js';
import { hashToken, newSessionToken } from '../../core/tokens.js';
import type { Database, Executor } from '../../db/client.js';
import { mfaChallenges, users } from '../../db/schema/index.js';
import type { SignInClient } from '../../http/client-info.js';
import { AppError } from '../../http/errors.js';
import { findOrg } from './queries.js';
import { openSession, type SignedIn } from './service.js';

/** How long the second step may wait after a right password. */
export const MFA_CHALLENGE_TTL_MS = 5 * 60 * 1000;

/** After a right password for an account with TOTP: a single-use token for the second step. */
export async function issueMfaChallenge(db: Executor, user: UserRow, now: Date): Promise<string> {
  const token = newSessionToken();
  await db.insert(mfaChallenges).values({
    userId: user.id,
    tokenHash: hashToken(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + MFA_CHALLENGE_TTL_MS),
  });
  return token;
}

const challengeExpired = (): AppError =>
  new AppError('INVALID_CREDENTIALS', 'This sign-in has expired; enter your password again', {
    restart: true,
  });

/**
 * The second step: a live challenge plus a TOTP or recovery code opens the session. A wrong
 * code leaves the challenge usable (until it expires or the user's attempts lock); a right one
 * spends it, so the token cannot open a second session.
 */
export async function completeMfaSignIn(
  db: Database,
  appSecret: string,
  input: LoginMfaRequest,
  client: SignInClient,
  now: Date,
  onUserKnown: (user: UserRow) => void,
): Promise<SignedIn & { method: 'totp' | 'recovery_code' }> {
  const live = and(
    eq(mfaChallenges.tokenHash, hashToken(input.mfaToken)),
    isNull(mfaChallenges.usedAt),
    gt(mfaChallenges.expiresAt, now),
  );
  const [challenge] = await db.select().from(mfaChallenges).where(live);
  if (!challenge) throw challengeExpired();
  const [user] = await db.select().from(users).where(eq(users.id, challenge.userId));
  if (!user || user.disabledAt) throw challengeExpired();
  onUserKnown(user);
  const proof =
    input.code !== undefined ? { code: input.code } : { recoveryCode: input.recoveryCode ?? '' };
  const method = await verifySecondFactor(db, appSecret, user, proof, now);
  const org = await findOrg(db, user.orgId);
  if (!org) throw challengeExpired();
  return db.transaction(async (tx) => {
    const spent = await tx
      .update(mfaChallenges)
      .set({ usedAt: now })
      .where(and(eq(mfaChallenges.id, challenge.id), live))
      .returning({ id: mfaChallenges.id });
    if (spent.length !== 1) throw challengeExpired();
    const opened = await openSession(tx, user, client, now, ['password', method]);
    return { user, org, ...opened, method };
  });
}
