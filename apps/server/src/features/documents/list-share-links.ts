/** A member signed in lists the live share links they made; a security admin, the whole org's. */
import {
  type PageQuery,
  pageQuerySchema,
  type ShareDTO,
  shareListResponseSchema,
} from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { decodeCursor, pageOf } from '../../http/paging.js';
import { defineRoute, type Route } from '../../http/route.js';
import { liveSharesOfOrg } from './queries.js';
import { byCreation } from './service.js';

export const listShareLinks: Route = defineRoute(
  {
    method: 'get',
    path: '/shares',
    tag: 'documents',
    access: 'session',
    summary: 'Live share links: your own, or the whole org for security admins',
    query: pageQuerySchema,
    response: shareListResponseSchema,
  },
  ({ db, auth, query, now }) => listShares(db, auth, query, now),
);

/** Admins see every live link of the org; everyone else the links they made. */
async function listShares(db: Executor, auth: AuthContext, page: PageQuery, now: Date) {
  const everyone = auth.permissions.includes('SETTINGS_SECURITY_VIEW');
  const filter = { orgId: auth.org.id, now, ...(everyone ? {} : { createdBy: auth.user.id }) };
  const rows = await liveSharesOfOrg(db, filter, page.limit + 1, decodeCursor(page.cursor));
  const { items, nextCursor } = pageOf(rows, page.limit, byCreation);
  const shares: ShareDTO[] = items.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  }));
  return { shares, nextCursor };
}
