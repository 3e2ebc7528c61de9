import {
  type BulkRevokeRequest,
  bulkRevokeResponseSchema,
  type OrgSessionsFilter,
  orgSessionsResponseSchema,
} from '@gatehouse/shared';
import { infiniteQueryOptions, useMutation } from '@tanstack/react-query';
import { api } from './client';
import { queryKeys } from './keys';
import { FIRST_PAGE, nextCursorOf } from './paging';
import { sessionsEnded } from './sessions';

/** `/api/admin/sessions?country=GB&…&cursor=…`: the filter's set fields, then the page. */
export function orgSessionsPath(filter: OrgSessionsFilter, cursor: string | null): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filter))
    if (value !== undefined && value !== '') query.set(name, String(value));
  if (cursor) query.set('cursor', cursor);
  const search = query.toString();
  return search ? `/api/admin/sessions?${search}` : '/api/admin/sessions';
}

/** Every live session of the org that matches the filter, last seen first (admins). */
export function orgSessionsQuery(filter: OrgSessionsFilter) {
  return infiniteQueryOptions({
    queryKey: [...queryKeys.orgSessions, filter],
    queryFn: ({ pageParam, signal }) =>
      api.get(orgSessionsPath(filter, pageParam), orgSessionsResponseSchema, { signal }),
    initialPageParam: FIRST_PAGE,
    getNextPageParam: nextCursorOf,
  });
}

/**
 * "Sign out all matching": the filter plus the count the admin confirmed. A different count now
 * is a 409; the lists refresh either way, so the confirmation can show the new count.
 */
export function useSignOutMatching() {
  return useMutation({
    mutationFn: (request: BulkRevokeRequest) =>
      api.post('/api/admin/sessions/revoke', bulkRevokeResponseSchema, request),
    onSettled: (_answer, _error, _request, _result, { client }) => sessionsEnded(client),
  });
}
