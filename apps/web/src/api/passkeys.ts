import {
  authenticationOptionsSchema,
  authResponseSchema,
  passkeyRegisterResponseSchema,
  passkeyResponseSchema,
  passkeysResponseSchema,
  registrationOptionsSchema,
  type StepUpPurpose,
  stepUpVerifyResponseSchema,
} from '@gatehouse/shared';
import {
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
  WebAuthnAbortService,
} from '@simplewebauthn/browser';
import { type QueryClient, queryOptions, useMutation } from '@tanstack/react-query';
import { activityRecorded } from './activity';
import { loadMe } from './auth';
import { api, noContent } from './client';
import { queryKeys } from './keys';

export const passkeysQuery = queryOptions({
  queryKey: queryKeys.passkeys,
  queryFn: ({ signal }) => api.get('/api/security/passkeys', passkeysResponseSchema, { signal }),
});

/** A passkey added or removed changes the list, the factors and `me` (the policy's prompt). */
function passkeysChanged(client: QueryClient) {
  return Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.passkeys }),
    client.invalidateQueries({ queryKey: queryKeys.mfaStatus }),
    client.invalidateQueries({ queryKey: queryKeys.me, refetchType: 'all' }),
  ]);
}

/** Options (behind step-up MFA_CHANGE), the browser's passkey prompt, then the new credential. */
export function useAddPasskey() {
  return useMutation({
    mutationFn: async (name: string | undefined) => {
      const optionsJSON = await api.post(
        '/api/security/passkeys/register/options',
        registrationOptionsSchema,
      );
      const response = await startRegistration({ optionsJSON });
      return api.post('/api/security/passkeys/register/verify', passkeyRegisterResponseSchema, {
        response,
        ...(name ? { name } : {}),
      });
    },
    onSuccess: (_answer, _name, _result, { client }) => passkeysChanged(client),
    onSettled: (_answer, _error, _name, _result, { client }) => activityRecorded(client),
  });
}

export function useRenamePasskey() {
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      api.patch(`/api/security/passkeys/${id}`, passkeyResponseSchema, { name }),
    onSuccess: (_answer, _vars, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.passkeys }),
    onSettled: (_answer, _error, _vars, _result, { client }) => activityRecorded(client),
  });
}

export function useRemovePasskey() {
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/security/passkeys/${id}`, noContent),
    onSuccess: (_answer, _id, _result, { client }) => passkeysChanged(client),
    onSettled: (_answer, _error, _id, _result, { client }) => activityRecorded(client),
  });
}

const anonymous = { expectUnauthenticated: true };

/** Signs in with whatever passkey the person picks; `autofill` waits on the Email field. */
async function signInWithPasskey(client: QueryClient, autofill: boolean): Promise<void> {
  const optionsJSON = await api.post(
    '/api/auth/passkey/options',
    authenticationOptionsSchema,
    {},
    anonymous,
  );
  const response = await startAuthentication({ optionsJSON, useBrowserAutofill: autofill });
  await api.post('/api/auth/passkey/verify', authResponseSchema, { response }, anonymous);
  await loadMe(client);
}

/** "Sign in with a passkey". */
export function usePasskeySignIn() {
  return useMutation({
    mutationFn: (_none: undefined, { client }) => signInWithPasskey(client, false),
  });
}

/**
 * Conditional UI: offers the browser's saved passkeys in the Email field's autofill. Resolves
 * true once signed in that way; false where the browser cannot, or when it was abandoned.
 */
export async function passkeyAutofill(client: QueryClient): Promise<boolean> {
  if (!(await browserSupportsWebAuthnAutofill())) return false;
  await signInWithPasskey(client, true);
  return true;
}

/** Stops a pending autofill request (before an explicit passkey or password sign-in). */
export function cancelPasskeyAutofill(): void {
  WebAuthnAbortService.cancelCeremony();
}

/** Step-up with a passkey: options bound to this session and purpose, then the signed answer. */
export async function verifyStepUpWithPasskey(purpose: StepUpPurpose) {
  const optionsJSON = await api.post('/api/security/stepup/options', authenticationOptionsSchema, {
    purpose,
  });
  const passkey = await startAuthentication({ optionsJSON });
  return api.post('/api/security/stepup/verify', stepUpVerifyResponseSchema, { purpose, passkey });
}
