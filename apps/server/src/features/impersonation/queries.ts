import { and, asc, desc, eq, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { SessionRow, UserRow } from '../../db/rows.js';
import { sessions, supportSessionViews, users } from '../../db/schema/index.js';

/** A session with its user: what deciding whether (and how) a support session ended needs. */
export interface SessionOfUser {
  session: SessionRow;
  user: UserRow;
}

/** What the org lets admins do while impersonating (read only unless the owner opened it). */
export async function userName(db: Executor, userId: string): Promise<string | undefined> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name;
}

/** A session and its user by the digest of its token, live or not (exit judges it). */
export async function sessionByTokenHash(
  db: Executor,
  tokenHash: Buffer,
): Promise<SessionOfUser | undefined> {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash));
  return row;
}

export async function findUser(db: Executor, id: string): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

/** The support session an administrator's session opened whose end is not recorded yet, if any. */
export async function unrecordedSupportSessionOf(
  db: Executor,
  adminSessionId: string,
): Promise<SessionOfUser | undefined> {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.impersonatorSessionId, adminSessionId),
        isNotNull(sessions.impersonatorUserId),
        isNull(sessions.supportEndRecordedAt),
      ),
    )
    .orderBy(desc(sessions.createdAt))
    .limit(1);
  return row;
}

/**
 * Marks a support session's end as recorded. True for exactly one caller (exit or a sweeper on
 * any instance): the conditional update is the claim.
 */
export async function claimSupportEnd(
  db: Executor,
  session: { id: string; orgId: string },
  now: Date,
): Promise<boolean> {
  const claimed = await db
    .update(sessions)
    .set({ supportEndRecordedAt: now })
    .where(
      and(
        eq(sessions.id, session.id),
        eq(sessions.orgId, session.orgId),
        isNotNull(sessions.impersonatorUserId),
        isNull(sessions.supportEndRecordedAt),
      ),
    )
    .returning({ id: sessions.id });
  return claimed.length === 1;
}

/**
 * Support sessions that are over (expired, revoked, or their user's sessions invalidated) with
 * no end recorded, oldest first; rows another instance holds are skipped.
 * Uses sessions_support_unrecorded_idx (partial: only such support sessions).
 */
export function endedUnrecordedSupportSessions(
  db: Executor,
  now: Date,
  limit: number,
): Promise<SessionOfUser[]> {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        isNotNull(sessions.impersonatorUserId),
        isNull(sessions.supportEndRecordedAt),
        or(
          isNotNull(sessions.revokedAt),
          lte(sessions.idleExpiresAt, now),
          ne(sessions.sessionVersion, users.sessionVersion),
          isNotNull(users.disabledAt),
        ),
      ),
    )
    .orderBy(asc(sessions.idleExpiresAt))
    .limit(limit)
    .for('update', { of: sessions, skipLocked: true });
}

/** Counts one read of a support session; the count lives outside the chain until it ends. */
export async function countView(
  db: Executor,
  sessionId: string,
  request: { method: string; route: string },
  now: Date,
): Promise<void> {
  await db
    .insert(supportSessionViews)
    .values({ sessionId, ...request, count: 1, firstAt: now, lastAt: now })
    .onConflictDoUpdate({
      target: [
        supportSessionViews.sessionId,
        supportSessionViews.method,
        supportSessionViews.route,
      ],
      set: {
        count: sql`${supportSessionViews.count} + 1`,
        lastAt: sql`greatest(${supportSessionViews.lastAt}, excluded.last_at)`,
      },
    });
}

/** Takes a support session's read counts away, for its summary row. */
export function takeViews(db: Executor, sessionId: string) {
  return db
    .delete(supportSessionViews)
    .where(eq(supportSessionViews.sessionId, sessionId))
    .returning();
}
