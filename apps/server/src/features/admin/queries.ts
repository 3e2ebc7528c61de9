import type { OrgSessionsFilter } from '@gatehouse/shared';
import { and, count, desc, eq, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { pastCursor } from '../../db/paging.js';
import { sessions, users } from '../../db/schema/index.js';
import type { PageCursor } from '../../http/paging.js';
import { impersonators, isLive } from '../../identity/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Who is looking: their own session is never among "all matching", owners only for owners. An
 * API token has no session of its own and acts as the org (as its owner).
 */
export interface Viewer {
  sessionId: string | null;
  /** Whether the viewer may sign an owner out (the shared policy's REVOKE_SESSION). */
  reachesOwners: boolean;
}

/** The org's live sessions a filter matches, as a viewer may sign them out. */
function matching(orgId: string, filter: OrgSessionsFilter, now: Date, viewer?: Viewer): SQL {
  return and(
    eq(sessions.orgId, orgId),
    isLive(now),
    filter.userId ? eq(sessions.userId, filter.userId) : undefined,
    filter.deviceType ? sql`${sessions.device}->>'type' = ${filter.deviceType}` : undefined,
    filter.country ? eq(sessions.country, filter.country) : undefined,
    filter.notSeenDays
      ? lte(sessions.lastSeenAt, new Date(now.getTime() - filter.notSeenDays * DAY_MS))
      : undefined,
    viewer?.sessionId ? ne(sessions.id, viewer.sessionId) : undefined,
    // An admin cannot sign an owner out (DESIGN §6): an owner's sessions are not theirs to end.
    viewer && !viewer.reachesOwners
      ? sql`${sessions.userId} not in (select ${users.id} from ${users} where ${users.orgId} = ${orgId} and ${users.role} = 'owner')`
      : undefined,
  ) as SQL;
}

/**
 * One page of the org's live sessions, most recently seen first, with their users and the
 * administrator behind any support session. Walks sessions_org_last_seen_idx.
 */
export function orgSessionsPage(
  db: Executor,
  orgId: string,
  page: { filter: OrgSessionsFilter; now: Date; limit: number; cursor?: PageCursor },
) {
  return db
    .select({
      session: sessions,
      user: { id: users.id, name: users.name, email: users.email, role: users.role },
      impersonatorName: impersonators.name,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(impersonators, eq(impersonators.id, sessions.impersonatorUserId))
    .where(
      and(
        matching(orgId, page.filter, page.now),
        pastCursor(page.cursor, { at: sessions.lastSeenAt, id: sessions.id }, 'desc'),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.id))
    .limit(page.limit);
}

/** How many live sessions the filter matches in the org (what "Sign out all" would end). */
export async function countMatching(
  db: Executor,
  orgId: string,
  filter: OrgSessionsFilter,
  now: Date,
  viewer: Viewer,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(sessions)
    .where(matching(orgId, filter, now, viewer));
  return row?.n ?? 0;
}

/** The ids of the live sessions a filter matches, locked for the revoke that follows. */
export async function matchingIdsForUpdate(
  db: Executor,
  orgId: string,
  filter: OrgSessionsFilter,
  now: Date,
  viewer: Viewer,
): Promise<string[]> {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(matching(orgId, filter, now, viewer))
    .for('update');
  return rows.map((r) => r.id);
}

/** A user of the org with what force logout and impersonation need to know. */
