import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { pastCursor } from '../../db/paging.js';
import { sessions, users } from '../../db/schema/index.js';
import type { PageCursor } from '../../http/paging.js';
import { isLive } from '../sessions/index.js';

/**
 * One page of the org's users (oldest first) with their live-session count and last activity.
 * Users by users_org_created_idx; sessions by sessions_org_last_seen_idx.
 */
export function teamPage(
  db: Executor,
  orgId: string,
  page: { now: Date; limit: number; cursor?: PageCursor },
) {
  const live = db
    .select({
      userId: sessions.userId,
      liveSessions: sql<number>`count(*)::int`.as('live_sessions'),
      lastSeenAt: sql<Date | string | null>`max(${sessions.lastSeenAt})`.as('last_seen_at'),
    })
    .from(sessions)
    .where(and(eq(sessions.orgId, orgId), isLive(page.now)))
    .groupBy(sessions.userId)
    .as('live');
  const { cursor } = page;
  return db
    .select({ user: users, liveSessions: live.liveSessions, lastSeenAt: live.lastSeenAt })
    .from(users)
    .leftJoin(live, eq(live.userId, users.id))
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
