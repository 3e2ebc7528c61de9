import type { TeamMemberDTO } from '@gatehouse/shared';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { sessions, users } from '../../db/schema/index.js';

/** Users of one org with their live-session count and last activity. */
export async function listTeam(db: Executor, orgId: string, now: Date): Promise<TeamMemberDTO[]> {
  const live = db
    .select({
      userId: sessions.userId,
      liveSessions: sql<number>`count(*)::int`.as('live_sessions'),
      lastSeenAt: sql<Date | string | null>`max(${sessions.lastSeenAt})`.as('last_seen_at'),
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.orgId, orgId), // sessions_org_last_seen_idx
        isNull(sessions.revokedAt),
        gt(sessions.idleExpiresAt, now),
        gt(sessions.absoluteExpiresAt, now),
      ),
    )
    .groupBy(sessions.userId)
    .as('live');
  const rows = await db
    .select({ user: users, liveSessions: live.liveSessions, lastSeenAt: live.lastSeenAt })
    .from(users)
    .leftJoin(live, eq(live.userId, users.id))
    .where(eq(users.orgId, orgId))
    .orderBy(asc(users.createdAt), asc(users.email));
  return rows.map(({ user, liveSessions, lastSeenAt }) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    mfaEnabled: user.totpEnabled,
    disabled: user.disabledAt !== null,
    liveSessions: liveSessions ?? 0,
    lastSeenAt: lastSeenAt ? new Date(lastSeenAt).toISOString() : null,
    createdAt: user.createdAt.toISOString(),
  }));
}
