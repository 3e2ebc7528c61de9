import {
  createUserResponseSchema,
  forceLogoutResponseSchema,
  type Role,
  teamListResponseSchema,
  type UpdateUserRequest,
  updateUserResponseSchema,
} from '@gatehouse/shared';
import { infiniteQueryOptions, useMutation } from '@tanstack/react-query';
import { api } from './client';
import { queryKeys } from './keys';
import { FIRST_PAGE, nextCursorOf, pagePath } from './paging';
import { sessionsEnded } from './sessions';

export const teamQuery = infiniteQueryOptions({
  queryKey: queryKeys.team,
  queryFn: ({ pageParam, signal }) =>
    api.get(pagePath('/api/admin/users', pageParam), teamListResponseSchema, { signal }),
  initialPageParam: FIRST_PAGE,
  getNextPageParam: nextCursorOf,
});

export interface NewUser {
  name: string;
  email: string;
  role: Role;
  password: string;
}

export function useCreateUser() {
  return useMutation({
    mutationFn: (user: NewUser) => api.post('/api/admin/users', createUserResponseSchema, user),
    onSuccess: (_answer, _user, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.team }),
  });
}

/** Signs a user out of every device (behind step-up FORCE_LOGOUT); the live counts refresh. */
export function useForceLogout() {
  return useMutation({
    mutationFn: ({ userId, reason }: { userId: string; reason?: string }) =>
      api.post(
        `/api/users/${encodeURIComponent(userId)}/force-logout`,
        forceLogoutResponseSchema,
        reason ? { reason } : {},
      ),
    onSuccess: (_answer, _userId, _result, { client }) => sessionsEnded(client),
  });
}

/**
 * Changes a user's role or status (behind step-up ROLE_CHANGE). A demotion or a disable ends
 * their sessions too, so the live counts refresh with the list.
 */
export function useUpdateUser() {
  return useMutation({
    mutationFn: ({ userId, change }: { userId: string; change: UpdateUserRequest }) =>
      api.patch(`/api/admin/users/${encodeURIComponent(userId)}`, updateUserResponseSchema, change),
    onSuccess: (_answer, _vars, _result, { client }) => sessionsEnded(client),
  });
}
