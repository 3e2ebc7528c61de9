import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { orgSecuritySettings, passkeys, webauthnChallenges } from '../../db/schema/index.js';

export type PasskeyRow = typeof passkeys.$inferSelect;
export type NewPasskey = typeof passkeys.$inferInsert;
export type ChallengeKind = 'register' | 'sign_in' | 'step_up';

/** A user's passkeys, oldest first (passkeys_user_idx). */
export function passkeysOf(db: Executor, userId: string): Promise<PasskeyRow[]> {
  return db
    .select()
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(asc(passkeys.createdAt), asc(passkeys.id));
}

export async function countPasskeys(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(passkeys)
    .where(eq(passkeys.userId, userId));
  return row?.n ?? 0;
}

export async function passkeyByCredentialId(
  db: Executor,
  credentialId: string,
): Promise<PasskeyRow | undefined> {
  const [row] = await db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId));
  return row;
}

/** One of the user's own passkeys, locked for a change; another user's is not found. */
export async function ownPasskey(
  db: Executor,
  userId: string,
  id: string,
): Promise<PasskeyRow | undefined> {
  const [row] = await db
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))
    .for('update');
  return row;
}

/** Inserts a credential; null when its id is registered already (the unique constraint). */
export async function insertPasskey(db: Executor, row: NewPasskey): Promise<PasskeyRow | null> {
  const [inserted] = await db
    .insert(passkeys)
    .values(row)
    .onConflictDoNothing({ target: passkeys.credentialId })
    .returning();
  return inserted ?? null;
}

export async function renamePasskey(db: Executor, userId: string, id: string, name: string) {
  const [row] = await db
    .update(passkeys)
    .set({ name })
    .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))
    .returning();
  return row;
}

export async function deletePasskey(db: Executor, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(passkeys)
    .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))
    .returning({ id: passkeys.id });
  return rows.length === 1;
}

/**
 * Records a use. A counter that moved forward is written only if it still moves forward (two
 * racing uses of one signature cannot both win); an unchanged one (a synced passkey) as it is.
 */
export async function recordPasskeyUse(
  db: Executor,
  id: string,
  use: { counter: number; rising: boolean; backedUp: boolean; now: Date },
): Promise<boolean> {
  const rows = await db
    .update(passkeys)
    .set({ counter: use.counter, backedUp: use.backedUp, lastUsedAt: use.now })
    .where(
      and(eq(passkeys.id, id), use.rising ? sql`${passkeys.counter} < ${use.counter}` : undefined),
    )
    .returning({ id: passkeys.id });
  return rows.length === 1;
}

export async function requirePasskeysForAdmins(db: Executor, orgId: string): Promise<boolean> {
  const [row] = await db
    .select({ required: orgSecuritySettings.requirePasskeysForAdmins })
    .from(orgSecuritySettings)
    .where(eq(orgSecuritySettings.orgId, orgId));
  return row?.required ?? false;
}

export async function insertChallenge(
  db: Executor,
  row: {
    kind: ChallengeKind;
    challenge: string;
    userId: string | null;
    boundTo: string;
    purpose: string | null;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db.insert(webauthnChallenges).values(row);
}

/**
 * Spends a live challenge of this kind, bound to this session or browser (and purpose): the
 * one row, atomically, so a replayed answer finds it used. Returns it, or undefined.
 */
export async function spendChallenge(
  db: Executor,
  where: { kind: ChallengeKind; challenge: string; boundTo: string[]; purpose?: string },
  now: Date,
) {
  const [row] = await db
    .update(webauthnChallenges)
    .set({ usedAt: now })
    .where(
      and(
        eq(webauthnChallenges.kind, where.kind),
        eq(webauthnChallenges.challenge, where.challenge),
        inArray(webauthnChallenges.boundTo, where.boundTo),
        where.purpose === undefined ? undefined : eq(webauthnChallenges.purpose, where.purpose),
        isNull(webauthnChallenges.usedAt),
        gt(webauthnChallenges.expiresAt, now),
      ),
    )
    .returning();
  return row;
}

/** Drops challenges that ended over an hour ago (bounded, called as new ones are issued). */
export async function purgeOldChallenges(db: Executor, now: Date): Promise<void> {
  const before = new Date(now.getTime() - 60 * 60 * 1000);
  await db.execute(
    sql`delete from ${webauthnChallenges} where ${webauthnChallenges.id} in (select id from ${webauthnChallenges} where ${webauthnChallenges.expiresAt} < ${before} limit 100)`,
  );
}
