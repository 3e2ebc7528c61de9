import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
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
    .where(
      and(
        eq(sessions.orgId, orgId),
        isNull(sessions.revokedAt),
        gt(sessions.idleExpiresAt, now),
        gt(sessions.absoluteExpiresAt, now),
      ),
    )
    .groupBy(users.id)
    .orderBy(desc(lastSignInAt));
}
