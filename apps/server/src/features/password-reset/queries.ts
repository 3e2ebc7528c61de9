import { and, desc, eq, gt, isNull, notInArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { passwordResetTokens, users } from '../../db/schema/index.js';

/** Ends every link of the user, once one was used (password_reset_tokens_user_idx). */
export async function deleteResetTokensOf(db: Executor, userId: string): Promise<void> {
  await db.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, userId));
}

/**
 * Deletes the user's links but the `keep` newest live ones: spent and expired links go, and so
 * does the oldest when a new one would make too many (password_reset_tokens_user_idx).
 */
export async function keepNewestResetTokens(
  db: Executor,
  userId: string,
  keep: number,
  now: Date,
): Promise<void> {
  const newest = db
    .select({ id: passwordResetTokens.id })
    .from(passwordResetTokens)
    .where(
      and(
        eq(passwordResetTokens.userId, userId),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    )
    .orderBy(desc(passwordResetTokens.createdAt), desc(passwordResetTokens.id))
    .limit(keep);
  await db
    .delete(passwordResetTokens)
    .where(and(eq(passwordResetTokens.userId, userId), notInArray(passwordResetTokens.id, newest)));
}

export async function insertResetToken(
  db: Executor,
  token: { userId: string; tokenHash: Buffer; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.insert(passwordResetTokens).values(token);
}

const liveToken = (tokenHash: Buffer, now: Date) =>
  and(
    eq(passwordResetTokens.tokenHash, tokenHash),
    isNull(passwordResetTokens.usedAt),
    gt(passwordResetTokens.expiresAt, now),
  );

/** The unused, unexpired link with this digest and its user (password_reset_tokens_token_hash_unique). */
export async function findLiveResetToken(db: Executor, tokenHash: Buffer, now: Date) {
  const [row] = await db
    .select({ tokenId: passwordResetTokens.id, user: users })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(liveToken(tokenHash, now));
  return row;
}

/** Spends the link; false when a concurrent reset spent it first. */
export async function spendResetToken(db: Executor, tokenHash: Buffer, now: Date) {
  const spent = await db
    .update(passwordResetTokens)
    .set({ usedAt: now })
    .where(liveToken(tokenHash, now))
    .returning({ id: passwordResetTokens.id });
  return spent.length === 1;
}
