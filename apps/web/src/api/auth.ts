import {
  type AuthResponse,
  authResponseSchema,
  changePasswordResponseSchema,
  loginMfaResponseSchema,
  loginResponseSchema,
  type MfaRequiredResponse,
  meResponseSchema,
  refreshResponseSchema,
  type SecondStepMethod,
  type SessionLimitResponse,
} from '@gatehouse/shared';
import { type QueryClient, queryOptions, useMutation } from '@tanstack/react-query';
import { activityRecorded } from './activity';
import { api, noContent } from './client';
import { queryKeys } from './keys';

/** Who is signed in. The auth store mirrors this query (see app/auth-sync.ts). */
export const meQuery = queryOptions({
  queryKey: queryKeys.me,
  // A 401 here is an answer ("not signed in"), not a session that just ended.
  queryFn: ({ signal }) =>
    api.get('/api/auth/me', meResponseSchema, { signal, expectUnauthenticated: true }),
  // Nothing renders it through useQuery, so it must not be collected as unused: it lives until
  // sign-out empties the cache, and a change to the account refreshes it.
  staleTime: Number.POSITIVE_INFINITY,
  gcTime: Number.POSITIVE_INFINITY,
});

/** Fetches `me` afresh, whatever the cache holds: after sign-in, or a change to the account. */
export function loadMe(client: QueryClient) {
  return client.fetchQuery({ ...meQuery, staleTime: 0 });
}

const anonymous = { expectUnauthenticated: true };

export type SessionLimitOffer = SessionLimitResponse['sessionLimit'];

export type SignInResult =
  | { signedIn: true }
  | { signedIn: false; mfaToken: string; methods: SecondStepMethod[] }
  | { signedIn: false; sessionLimit: SessionLimitOffer };

function finishSignIn(
  result: AuthResponse | MfaRequiredResponse | SessionLimitResponse,
  client: QueryClient,
) {
  if ('mfaRequired' in result)
    return Promise.resolve<SignInResult>({
      signedIn: false,
      mfaToken: result.mfaToken,
      methods: result.methods ?? ['totp', 'recovery_code'],
    });
  if ('sessionLimit' in result)
    return Promise.resolve<SignInResult>({ signedIn: false, sessionLimit: result.sessionLimit });
  return loadMe(client).then((): SignInResult => ({ signedIn: true }));
}

/**
 * The browser's sign-in: `chooseSession` asks, at the org's session limit, for the live sessions
 * to choose from rather than ending the least recently seen (what a script's sign-in does).
 */
export function useSignIn() {
  return useMutation({
    mutationFn: async (credentials: { email: string; password: string }, { client }) =>
      finishSignIn(
        await api.post(
          '/api/auth/login',
          loginResponseSchema,
          { ...credentials, chooseSession: true },
          anonymous,
        ),
        client,
      ),
  });
}

/** At the session limit: the chosen session ends and this browser signs in. */
export function useChooseSessionToEnd() {
  return useMutation({
    mutationFn: async (
      choice: { choiceToken: string; endSessionId: string },
      { client },
    ): Promise<void> => {
      await api.post('/api/auth/login/session-choice', authResponseSchema, choice, anonymous);
      await loadMe(client);
    },
  });
}

export type SecondFactorProof = { code: string } | { recoveryCode: string };

export function useSignInSecondStep() {
  return useMutation({
    mutationFn: async (
      { mfaToken, proof }: { mfaToken: string; proof: SecondFactorProof },
      { client },
    ) =>
      finishSignIn(
        await api.post(
          '/api/auth/login/mfa',
          loginMfaResponseSchema,
          { mfaToken, ...proof, chooseSession: true },
          anonymous,
        ),
        client,
      ),
  });
}

export interface SignUpFields {
  orgName: string;
  name: string;
  email: string;
  password: string;
}

export function useSignUp() {
  return useMutation({
    mutationFn: async (fields: SignUpFields, { client }) => {
      await api.post('/api/auth/signup', authResponseSchema, fields, anonymous);
      await loadMe(client);
    },
  });
}

export function useSignOut() {
  return useMutation({
    mutationFn: () => api.post('/api/auth/logout', noContent, {}, anonymous),
  });
}

/** "Stay signed in": slides the idle window; the answer's headers move the expiry warning. */
export function useRefreshSession() {
  return useMutation({
    mutationFn: () => api.post('/api/auth/refresh', refreshResponseSchema),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api.post('/api/auth/password', changePasswordResponseSchema, body),
    // Every other session ended with the old password.
    onSuccess: (_answer, _body, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.sessions }),
    onSettled: (_answer, _error, _body, _result, { client }) => activityRecorded(client),
  });
}
