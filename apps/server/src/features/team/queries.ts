import type { Role } from '@gatehouse/shared';
import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { pastCursor } from '../../db/paging.js';
import { sessions, users } from '../../db/schema/index.js';
import type { PageCursor } from '../../http/paging.js';
import { isLive } from '../../identity/index.js';

/**
 * A user's live-session count (sessions_user_last_seen_idx) and last activity, for the team list.
 * Last seen is the user's own (users.last_seen_at): it stays when their sessions end, so a forced
 * logout does not make them "never seen" (decision 022).
 */
function activityColumns(now: Date) {
  const mine = and(eq(sessions.userId, users.id), isLive(now));
  return {
    user: users,
    liveSessions: sql<number>`(select count(*)::int from ${sessions} where ${mine})`,
    lastSeenAt: users.lastSeenAt,
  };
}

/**
 * One page of the org's users (oldest first) with their live-session count and last activity.
 * Users by users_org_created_idx; each user's sessions by sessions_user_last_seen_idx, counted
 * only for the users on the page (not an aggregate of every session of the org per request).
 */
export function teamPage(
  db: Executor,
  orgId: string,
  page: { now: Date; limit: number; cursor?: PageCursor },
) {
  const { cursor } = page;
  return db
    .select(activityColumns(page.now))
    .from(users)
    .where(
      and(eq(users.orgId, orgId), pastCursor(cursor, { at: users.createdAt, id: users.id }, 'asc')),
    )
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(page.limit);
}

/** One user of the org as the team list shows them. */
export async function teamMemberRow(db: Executor, orgId: string, userId: string, now: Date) {
  const [row] = await db
    .select(activityColumns(now))
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId)));
  return row;
}

/** Inserts a user; undefined when the email has an account already (in any org). */
export async function insertMemberUnlessTaken(db: Executor, values: typeof users.$inferInsert) {
  // No conflict target: users_email_lower_idx is an expression index, and any unique clash is a
  // taken email. DO NOTHING keeps the transaction usable for the same answer as a new user's.
  const [user] = await db.insert(users).values(values).onConflictDoNothing().returning();
  return user;
}

// users_email_lower_idx
export async function userByEmail(db: Executor, email: string) {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return user;
}

/** A user of the org, with what a notice about them says (another org's: undefined). */
export async function userInOrg(db: Executor, userId: string, orgId: string) {
  const [user] = await db
    .select({ id: users.id, role: users.role, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId)));
  return user;
}

/** A user of the org, locked for a change to their role or status (another org's: undefined). */
export async function userInOrgForUpdate(db: Executor, userId: string, orgId: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId)))
    .for('update');
  return user;
}

/**
 * The org's active owners, locked in id order: two owners demoting each other at once take
 * turns, and the second sees the first's change, so the org never ends up without one.
 */
export async function activeOwnerIdsForUpdate(db: Executor, orgId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, 'owner'), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .for('update');
  return rows.map((r) => r.id);
}

/** Changes one user of the org; false when no such user (the caller locked it, so: never). */
async function updateMember(
  db: Executor,
  user: { id: string; orgId: string },
  change: Partial<typeof users.$inferInsert>,
  unless: SQL,
): Promise<boolean> {
  const rows = await db
    .update(users)
    .set(change)
    .where(and(eq(users.id, user.id), eq(users.orgId, user.orgId), unless))
    .returning({ id: users.id });
  return rows.length === 1;
}

export const setRole = (db: Executor, user: { id: string; orgId: string }, role: Role) =>
  updateMember(db, user, { role }, sql`${users.role} <> ${role}`);

export const setDisabledAt = (db: Executor, user: { id: string; orgId: string }, at: Date | null) =>
  updateMember(
    db,
    user,
    { disabledAt: at },
    at ? isNull(users.disabledAt) : sql`${users.disabledAt} is not null`,
  );
