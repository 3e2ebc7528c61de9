import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { SessionRow } from '../../db/rows.js';
import {
  type DbscPublicKey,
  orgSecuritySettings,
  orgs,
  sessions,
  users,
} from '../../db/schema/index.js';

/** A session by its cookie's token hash, whatever its state (the refresh says why it ended). */
export async function sessionWithUser(db: Executor, tokenHash: Buffer) {
  const [row] = await db
    .select({ session: sessions, user: users, org: orgs })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(orgs, eq(orgs.id, sessions.orgId))
    .where(eq(sessions.tokenHash, tokenHash));
  return row;
}

/** The browser started a registration: it supports DBSC (the admin policy's test). */
export async function markAttempted(db: Executor, sessionId: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ dbscAttemptedAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.dbscAttemptedAt)));
}

/** Binds a live, not yet bound session to the key; false when it was bound already or ended. */
export async function bindKey(
  db: Executor,
  sessionId: string,
  publicKey: DbscPublicKey,
  now: Date,
): Promise<SessionRow | undefined> {
  const [row] = await db
    .update(sessions)
    .set({ dbscPublicKey: publicKey, dbscBoundAt: now, dbscAttemptedAt: now })
    .where(
      and(eq(sessions.id, sessionId), isNull(sessions.dbscBoundAt), isNull(sessions.revokedAt)),
    )
    .returning();
  return row;
}

export async function storeChallenge(
  db: Executor,
  sessionId: string,
  challenge: string,
  expiresAt: Date,
): Promise<void> {
  await db
    .update(sessions)
    .set({ dbscChallenge: challenge, dbscChallengeExpiresAt: expiresAt })
    .where(eq(sessions.id, sessionId));
}

/** Uses the challenge up: true for exactly one caller, and only before it expires. */
export async function consumeChallenge(
  db: Executor,
  sessionId: string,
  challenge: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ dbscChallenge: null, dbscChallengeExpiresAt: null })
    .where(
      and(
        eq(sessions.id, sessionId),
        eq(sessions.dbscChallenge, challenge),
        gt(sessions.dbscChallengeExpiresAt, now),
      ),
    )
    .returning({ id: sessions.id });
  return rows.length > 0;
}

export async function requiresDeviceBoundAdmins(db: Executor, orgId: string): Promise<boolean> {
  const [row] = await db
    .select({ required: orgSecuritySettings.requireDeviceBoundAdmins })
    .from(orgSecuritySettings)
    .where(eq(orgSecuritySettings.orgId, orgId));
  return row?.required ?? false;
}
