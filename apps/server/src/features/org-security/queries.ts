import { and, desc, eq, sql } from 'drizzle-orm';
import { isLive } from '../../core/sessions.js';
import type { Executor } from '../../db/client.js';
import { sessions, users } from '../../db/schema/index.js';

/** Users of the org with at least one live session. Uses sessions_org_last_seen_idx. */
export function activeUsersOf(db: Executor, orgId: string, now: Date) {
  const lastSignInAt = sql<Date>`max(${sessions.createdAt})`.mapWith(sessions.createdAt);
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      lastSignInAt,
      liveSessions: sql<number>`count(*)::int`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.orgId, orgId), isLive(now)))
    .groupBy(users.id)
    .orderBy(desc(lastSignInAt));
}
