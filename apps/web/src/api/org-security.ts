import {
  type ActiveUsersResponse,
  activeUsersResponseSchema,
  type OrgSecurityPatchInput,
  type OrgSecurityResponse,
  orgSecurityPatchResponseSchema,
  orgSecurityResponseSchema,
  revokedCountResponseSchema,
} from '@gatehouse/shared';
import { infiniteQueryOptions, queryOptions, useMutation } from '@tanstack/react-query';
import { api } from './client';
import { queryKeys } from './keys';
import { FIRST_PAGE, nextCursorOf, pagePath } from './paging';

/** The owner's Session security page: policy, MFA switches and the first page of active users. */
export const orgSecurityQuery = queryOptions({
  queryKey: queryKeys.orgSecurity,
  queryFn: ({ signal }) => api.get('/api/org/security', orgSecurityResponseSchema, { signal }),
});

/**
 * Who is signed in, page by page. The first page comes with the settings, so the list starts
 * from it instead of asking again; "Load more" and refreshes use /active-users.
 */
export function activeUsersQuery(settings: OrgSecurityResponse, settingsUpdatedAt: number) {
  const firstPage: ActiveUsersResponse = {
    activeUsers: settings.activeUsers,
    nextCursor: settings.activeUsersNextCursor,
  };
  return infiniteQueryOptions({
    queryKey: queryKeys.activeUsers,
    queryFn: ({ pageParam, signal }) =>
      api.get(pagePath('/api/org/security/active-users', pageParam), activeUsersResponseSchema, {
        signal,
      }),
    initialPageParam: FIRST_PAGE,
    getNextPageParam: nextCursorOf,
    initialData: { pages: [firstPage], pageParams: [FIRST_PAGE] },
    initialDataUpdatedAt: settingsUpdatedAt,
  });
}

/** Saves the flat fields (OrgSecurityPatchInput); the page then shows what the server kept. */
export function useUpdateOrgSecurity() {
  return useMutation({
    mutationFn: (patch: OrgSecurityPatchInput) =>
      api.patch('/api/org/security', orgSecurityPatchResponseSchema, patch),
    onSuccess: (_answer, _patch, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.orgSecurity }),
  });
}

export type SignOutScope = 'others' | 'all';

export function useSignOutEveryone() {
  return useMutation({
    mutationFn: (scope: SignOutScope) =>
      api.post('/api/org/security/revoke-sessions', revokedCountResponseSchema, { scope }),
    // "all" ended this session too: there is nothing left to refresh.
    onSuccess: (_answer, scope, _result, { client }) =>
      scope === 'others'
        ? client.invalidateQueries({ queryKey: queryKeys.orgSecurity })
        : undefined,
  });
}
