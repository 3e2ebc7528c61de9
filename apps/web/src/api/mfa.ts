import {
  mfaStatusResponseSchema,
  recoveryCodesResponseSchema,
  successResponseSchema,
  totpSetupResponseSchema,
} from '@gatehouse/shared';
import { type QueryClient, queryOptions, useMutation } from '@tanstack/react-query';
import { activityRecorded } from './activity';
import { api } from './client';
import { queryKeys } from './keys';

export const mfaStatusQuery = queryOptions({
  queryKey: queryKeys.mfaStatus,
  queryFn: ({ signal }) => api.get('/api/security/mfa', mfaStatusResponseSchema, { signal }),
});

/** A factor added or removed changes the status card and `me.user.mfaEnabled`. */
function factorChanged(client: QueryClient) {
  return Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.mfaStatus }),
    client.invalidateQueries({ queryKey: queryKeys.me, refetchType: 'all' }),
  ]);
}

/** Starts enrolment: a new secret and its QR code (behind step-up MFA_CHANGE). */
export function useStartTotpSetup() {
  return useMutation({
    mutationFn: () => api.post('/api/security/mfa/totp/setup', totpSetupResponseSchema),
  });
}

export function useEnableTotp() {
  return useMutation({
    mutationFn: (code: string) =>
      api.post('/api/security/mfa/totp/enable', recoveryCodesResponseSchema, { code }),
    onSuccess: (_answer, _code, _result, { client }) => factorChanged(client),
    onSettled: (_answer, _error, _code, _result, { client }) => activityRecorded(client),
  });
}

export function useDisableTotp() {
  return useMutation({
    mutationFn: () => api.post('/api/security/mfa/totp/disable', successResponseSchema),
    onSuccess: (_answer, _none, _result, { client }) => factorChanged(client),
    onSettled: (_answer, _error, _none, _result, { client }) => activityRecorded(client),
  });
}

export function useRegenerateRecoveryCodes() {
  return useMutation({
    mutationFn: () => api.post('/api/security/mfa/recovery-codes', recoveryCodesResponseSchema),
    onSuccess: (_answer, _none, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.mfaStatus }),
    onSettled: (_answer, _error, _none, _result, { client }) => activityRecorded(client),
  });
}
