import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import { orgSecuritySettings, sessions, users } from '../../db/schema/index.js';

/** What the org lets admins do while impersonating (read only unless the owner opened it). */
export async function impersonationModeOf(db: Executor, orgId: string) {
  const [row] = await db
    .select({ mode: orgSecuritySettings.impersonationMode })
    .from(orgSecuritySettings)
    .where(eq(orgSecuritySettings.orgId, orgId));
  return row?.mode ?? 'read_only';
}

export async function userName(db: Executor, userId: string): Promise<string | undefined> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name;
}

/** A session by the digest of its token, live or not (exit works after a support session ends). */
export async function sessionByTokenHash(db: Executor, tokenHash: Buffer) {
  const [row] = await db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash));
  return row;
}

export async function sessionOfUser(db: Executor, id: string, userId: string) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId)));
  return row;
}

export async function findUser(db: Executor, id: string): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

/** The support session an administrator's session opened and nobody ended yet, if any. */
export async function openSupportSessionOf(db: Executor, adminSessionId: string) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.impersonatorSessionId, adminSessionId), isNull(sessions.revokedAt)))
    .orderBy(desc(sessions.createdAt))
    .limit(1);
  return row;
}
