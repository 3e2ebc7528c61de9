import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import { passkeys, recoveryCodes, users } from '../../db/schema/index.js';

export async function userById(db: Executor, userId: string): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  return user;
}

type TotpColumns = Partial<
  Pick<UserRow, 'totpEnabled' | 'totpSecretEnc' | 'totpPendingSecretEnc' | 'totpLastStep'>
>;

export async function updateTotp(db: Executor, userId: string, change: TotpColumns) {
  const rows = await db
    .update(users)
    .set(change)
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  if (rows.length !== 1) throw new Error('user vanished during a second-factor change');
}

/**
 * Marks a time step used, atomically: only a step later than every step accepted before wins,
 * so two requests racing with one code cannot both pass.
 */
export async function consumeTotpStep(db: Executor, userId: string, step: number) {
  const updated = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return updated.length > 0;
}

export async function replaceRecoveryCodeHashes(
  db: Executor,
  userId: string,
  hashes: string[],
  now: Date,
) {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db
    .insert(recoveryCodes)
    .values(hashes.map((codeHash) => ({ userId, codeHash, createdAt: now })));
}

export async function deleteRecoveryCodes(db: Executor, userId: string) {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/** Spends one unused code whose hash is any of `hashes` (current and previous key). */
export async function spendRecoveryCode(
  db: Executor,
  userId: string,
  hashes: string[],
  now: Date,
): Promise<boolean> {
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        inArray(recoveryCodes.codeHash, hashes),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return used.length > 0;
}

export async function unusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/** Users whose TOTP keys are sealed (for `secrets:rotate`). */
export function usersWithSealedSecrets(db: Executor) {
  return db
    .select({
      id: users.id,
      totpSecretEnc: users.totpSecretEnc,
      totpPendingSecretEnc: users.totpPendingSecretEnc,
    })
    .from(users)
    .where(
      or(sql`${users.totpSecretEnc} is not null`, sql`${users.totpPendingSecretEnc} is not null`),
    );
}

/** Whether the user has a passkey: recovery codes stay while any factor does (decision 024). */
export async function hasPasskey(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: passkeys.id })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .limit(1);
  return row !== undefined;
}
