import { impersonateResponseSchema, successResponseSchema } from '@gatehouse/shared';
import { type QueryClient, useMutation } from '@tanstack/react-query';
import { loadMe } from './auth';
import { api } from './client';

/**
 * The session cookie changed hands (support session in, or the admin's own back): nothing cached
 * belongs to whoever is signed in now, so every query goes and `me` is fetched afresh — with its
 * CSRF token, before any other write.
 */
async function identityChanged(client: QueryClient): Promise<void> {
  client.removeQueries();
  await loadMe(client);
}

/** Starts a support session as `userId` (IMPERSONATE, step-up IMPERSONATION, a reason). */
export function useStartImpersonation() {
  return useMutation({
    mutationFn: async ({ userId, reason }: { userId: string; reason: string }, { client }) => {
      const { impersonation } = await api.post(
        `/api/impersonate/${encodeURIComponent(userId)}`,
        impersonateResponseSchema,
        { reason },
      );
      await identityChanged(client);
      return impersonation;
    },
  });
}

/**
 * Ends the support session; the server puts the admin's own cookie back, even when the support
 * session has already expired (so a 401 here is an answer, not an event).
 */
export async function exitImpersonation(client: QueryClient): Promise<void> {
  await api.post(
    '/api/impersonate/exit',
    successResponseSchema,
    {},
    { expectUnauthenticated: true },
  );
  await identityChanged(client);
}

export function useExitImpersonation() {
  return useMutation({
    mutationFn: (_none: undefined, { client }) => exitImpersonation(client),
  });
}
