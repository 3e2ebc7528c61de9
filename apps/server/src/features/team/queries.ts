import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { pastCursor } from '../../db/paging.js';
import { sessions, users } from '../../db/schema/index.js';
import type { PageCursor } from '../../http/paging.js';
import { isLive } from '../sessions/index.js';

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
  const mine = and(eq(sessions.userId, users.id), isLive(page.now));
  const { cursor } = page;
  return db
    .select({
      user: users,
      liveSessions: sql<number>`(select count(*)::int from ${sessions} where ${mine})`,
      lastSeenAt: sql<
        Date | string | null
      >`(select max(${sessions.lastSeenAt}) from ${sessions} where ${mine})`,
    })
    .from(users)
    .where(
      and(eq(users.orgId, orgId), pastCursor(cursor, { at: users.createdAt, id: users.id }, 'asc')),
    )
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(page.limit);
}

export async function insertMember(db: Executor, values: typeof users.$inferInsert) {
  const [user] = await db.insert(users).values(values).returning();
  if (!user) throw new Error('user insert returned no row');
  return user;
}
