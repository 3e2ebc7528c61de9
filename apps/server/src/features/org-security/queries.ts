import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { orgSecuritySettings, sessions, users } from '../../db/schema/index.js';
import type { PageCursor } from '../../http/paging.js';
import { isLive } from '../../identity/index.js';

export type SettingsRow = typeof orgSecuritySettings.$inferSelect;

/**
 * One page of the org's users with at least one live session, most recent sign-in first.
 * Uses sessions_org_last_seen_idx.
 */
export function activeUsersOf(
  db: Executor,
  orgId: string,
  page: { now: Date; limit: number; cursor?: PageCursor },
) {
  const lastSignInAt = sql<Date>`max(${sessions.createdAt})`.mapWith(sessions.createdAt);
  const { cursor } = page;
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
    .where(and(eq(sessions.orgId, orgId), isLive(page.now)))
    .groupBy(users.id)
    .having(
      cursor
        ? or(
            lt(sql`max(${sessions.createdAt})`, cursor.at),
            and(eq(sql`max(${sessions.createdAt})`, cursor.at), lt(users.id, cursor.id)),
          )
        : undefined,
    )
    .orderBy(desc(lastSignInAt), desc(users.id))
    .limit(page.limit);
}

/** The org's row, created with the defaults if an older org lacks one. */
export async function settingsOf(db: Executor, orgId: string, forUpdate = false) {
  await db.insert(orgSecuritySettings).values({ orgId }).onConflictDoNothing();
  const query = db.select().from(orgSecuritySettings).where(eq(orgSecuritySettings.orgId, orgId));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new Error('org security settings missing');
  return row;
}

export async function updateSettings(
  db: Executor,
  orgId: string,
  change: Partial<typeof orgSecuritySettings.$inferInsert>,
) {
  const [row] = await db
    .update(orgSecuritySettings)
    .set(change)
    .where(eq(orgSecuritySettings.orgId, orgId))
    .returning();
  if (!row) throw new Error('org security settings vanished');
  return row;
}
