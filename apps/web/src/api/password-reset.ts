import {
  devMailResponseSchema,
  forgotPasswordResponseSchema,
  resetLinkCheckResponseSchema,
} from '@gatehouse/shared';
import { queryOptions, useMutation } from '@tanstack/react-query';
import { api, noContent } from './client';
import { queryKeys } from './keys';
import { ANONYMOUS_QUERY } from './query-client';

const anonymous = { expectUnauthenticated: true };

/** "Forgot password?": the answer is the same whether or not the email has an account. */
export function useForgotPassword() {
  return useMutation({
    mutationFn: (email: string) =>
      api.post('/api/auth/password/forgot', forgotPasswordResponseSchema, { email }, anonymous),
  });
}

export type ResetProof = { code: string } | { recoveryCode: string } | Record<string, never>;

export function useResetPassword() {
  return useMutation({
    mutationFn: ({
      token,
      newPassword,
      proof,
    }: {
      token: string;
      newPassword: string;
      proof: ResetProof;
    }) =>
      api.post('/api/auth/password/reset', noContent, { token, newPassword, ...proof }, anonymous),
  });
}

/**
 * The reset link, checked on load: whose account it resets, or 400 RESET_TOKEN_INVALID for a
 * used or expired one. A server without the check (404) leaves the page as it was: the reset
 * itself still says so.
 */
export function resetLinkQuery(token: string) {
  return queryOptions({
    ...ANONYMOUS_QUERY,
    queryKey: [...queryKeys.resetLink, token],
    queryFn: ({ signal }) =>
      api.get(
        `/api/auth/password/reset/check?token=${encodeURIComponent(token)}`,
        resetLinkCheckResponseSchema,
        { signal, ...anonymous },
      ),
    enabled: token !== '',
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The dev mailbox (outside production, without SMTP_URL). */
export const devMailQuery = queryOptions({
  ...ANONYMOUS_QUERY,
  queryKey: queryKeys.devMail,
  queryFn: ({ signal }) =>
    api.get('/api/dev/mail', devMailResponseSchema, { signal, ...anonymous }),
});
