import { securityActivityResponseSchema } from '@gatehouse/shared';
import { infiniteQueryOptions, type QueryClient } from '@tanstack/react-query';
import { api } from './client';
import { queryKeys } from './keys';
import { FIRST_PAGE, nextCursorOf, pagePath } from './paging';

/** A settings card, not an audit log: a short first page, the rest on "Load more". */
export const SECURITY_ACTIVITY_PAGE_SIZE = 20;

/** The signed-in user's own security events, newest first (Settings → Security). */
export const securityActivityQuery = infiniteQueryOptions({
  queryKey: queryKeys.securityActivity,
  queryFn: ({ pageParam, signal }) =>
    api.get(
      pagePath('/api/security/activity', pageParam, SECURITY_ACTIVITY_PAGE_SIZE),
      securityActivityResponseSchema,
      { signal },
    ),
  initialPageParam: FIRST_PAGE,
  getNextPageParam: nextCursorOf,
});

/**
 * After a mutation the server audits: a refused attempt (wrong password, wrong code) is recorded
 * as well as a success, so callers refresh on settle, not only on success.
 */
export function activityRecorded(client: QueryClient) {
  return client.invalidateQueries({ queryKey: queryKeys.securityActivity });
}
