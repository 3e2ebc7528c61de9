import {
  revokeOthersResponseSchema,
  revokeSessionResponseSchema,
  sessionsListResponseSchema,
} from '@gatehouse/shared';
import { queryOptions, useMutation } from '@tanstack/react-query';
import { activityRecorded } from './activity';
import { api } from './client';
import { queryKeys } from './keys';

/** The signed-in user's own sessions (Settings → Security → Active sessions). */
export const sessionsQuery = queryOptions({
  queryKey: queryKeys.sessions,
  queryFn: ({ signal }) =>
    api.get('/api/security/sessions', sessionsListResponseSchema, { signal }),
});

export function useRevokeSession() {
  return useMutation({
    mutationFn: (sessionId: string) =>
      api.post(
        `/api/security/sessions/${encodeURIComponent(sessionId)}/revoke`,
        revokeSessionResponseSchema,
      ),
    onSuccess: (_answer, _id, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.sessions }),
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
