import { and, desc, eq } from 'drizzle-orm';
import { isLive, type SessionRow } from '../../core/sessions.js';
import type { Executor } from '../../db/client.js';
import { sessions, users } from '../../db/schema/index.js';

export const ORG_SESSIONS_LIMIT = 500;

/** A session by its public id, only within the caller's org. */
export async function findSessionInOrg(
  db: Executor,
  id: string,
  orgId: string,
): Promise<SessionRow | undefined> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), eq(sessions.orgId, orgId)));
  return row;
}

/** Live sessions across one org with their users, most recent first. Uses sessions_org_last_seen_idx. */
export function liveOrgSessions(db: Executor, orgId: string, now: Date) {
  return db
    .select({ session: sessions, user: { id: users.id, name: users.name, email: users.email } })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.orgId, orgId), isLive(now)))
    .orderBy(desc(sessions.lastSeenAt))
    .limit(ORG_SESSIONS_LIMIT);
}

export async function findUserInOrg(db: Executor, userId: string, orgId: string) {
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId)));
  return user;
}
