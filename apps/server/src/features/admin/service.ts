import { type OrgSessionsFilter, reachesOwners } from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import { actorOf } from '../../http/may-act-on.js';
import { decodeCursor, pageOf } from '../../http/paging.js';
import { isTokenAuth, type Principal } from '../../http/principal.js';
import { toSessionDTO } from '../../identity/index.js';
import { countMatching, orgSessionsPage, type Viewer } from './queries.js';

export const viewerOf = (auth: Principal): Viewer =>
  isTokenAuth(auth)
    ? { sessionId: null, reachesOwners: true }
    : {
        sessionId: auth.session.id,
        reachesOwners: reachesOwners(actorOf(auth), 'REVOKE_SESSION'),
      };

/** One page of the org's sessions, and how many "Sign out all matching" would end. */
export async function orgSessions(
  db: Executor,
  auth: Principal,
  query: OrgSessionsFilter & { cursor?: string | undefined; limit: number },
  now: Date,
) {
  const { cursor, limit, ...filter } = query;
  const rows = await orgSessionsPage(db, auth.org.id, {
    filter,
    now,
    limit: limit + 1,
    cursor: decodeCursor(cursor),
  });
  const { items, nextCursor } = pageOf(rows, limit, (r) => ({
    at: r.session.lastSeenAt,
    id: r.session.id,
  }));
  return {
    sessions: items.map(({ session, user, impersonatorName }) => ({
      ...toSessionDTO(session, viewerOf(auth).sessionId ?? '', impersonatorName),
      user,
    })),
    nextCursor,
    matching: await countMatching(db, auth.org.id, filter, now, viewerOf(auth)),
  };
}
