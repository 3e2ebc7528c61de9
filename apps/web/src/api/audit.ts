import { auditListResponseSchema } from '@gatehouse/shared';
import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from './client';
import { queryKeys } from './keys';
import { FIRST_PAGE, nextCursorOf } from './paging';

/** `/api/audit?action=…&cursor=…`: the filter's query, then the page. */
export function auditPath(filterQuery: URLSearchParams, cursor: string | null): string {
  const query = new URLSearchParams(filterQuery);
  if (cursor) query.set('cursor', cursor);
  const search = query.toString();
  return search ? `/api/audit?${search}` : '/api/audit';
}

/** The org's audit log, newest first, narrowed by the API's filter query (AUDIT_VIEW). */
export function auditQuery(filterQuery: URLSearchParams) {
  return infiniteQueryOptions({
    queryKey: [...queryKeys.audit, filterQuery.toString()],
    queryFn: ({ pageParam, signal }) =>
      api.get(auditPath(filterQuery, pageParam), auditListResponseSchema, { signal }),
    initialPageParam: FIRST_PAGE,
    getNextPageParam: nextCursorOf,
  });
}
