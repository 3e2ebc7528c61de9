import {
  revokeOthersResponseSchema,
  revokeSessionResponseSchema,
  sessionsListResponseSchema,
} from '@gatehouse/shared';
import { type QueryClient, queryOptions, useMutation } from '@tanstack/react-query';
import { activityRecorded } from './activity';
import { api } from './client';
import { queryKeys } from './keys';

/** The signed-in user's own sessions (Settings → Security → Active sessions). */
export const sessionsQuery = queryOptions({
  queryKey: queryKeys.sessions,
  queryFn: ({ signal }) =>
    api.get('/api/security/sessions', sessionsListResponseSchema, { signal }),
});

/**
 * Sessions ended (one, a filter's worth, everyone of a user's): every list that shows sessions
 * or counts them refreshes — the user's own, the org's, the team's live counts, active users.
 */
export function sessionsEnded(client: QueryClient) {
  return Promise.all(
    [queryKeys.sessions, queryKeys.orgSessions, queryKeys.team, queryKeys.activeUsers].map(
      (queryKey) => client.invalidateQueries({ queryKey }),
    ),
  );
}

/** Your own session or, for an admin, any session of the org (Org sessions page). */
export function useRevokeSession() {
  return useMutation({
    mutationFn: (sessionId: string) =>
      api.post(
        `/api/security/sessions/${encodeURIComponent(sessionId)}/revoke`,
        revokeSessionResponseSchema,
      ),
    onSuccess: (_answer, _id, _result, { client }) => sessionsEnded(client),
    onSettled: (_answer, _error, _id, _result, { client }) => activityRecorded(client),
  });
}

export function useRevokeOtherSessions() {
  return useMutation({
    mutationFn: () => api.post('/api/security/sessions/revoke-others', revokeOthersResponseSchema),
    onSuccess: (_answer, _none, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.sessions }),
    onSettled: (_answer, _error, _none, _result, { client }) => activityRecorded(client),
  });
}
