import {
  apiTokenListResponseSchema,
  type CreateApiTokenRequest,
  createApiTokenResponseSchema,
} from '@gatehouse/shared';
import { queryOptions, useMutation } from '@tanstack/react-query';
import { api, noContent } from './client';
import { queryKeys } from './keys';

/** The org's API tokens (never their secrets). */
export const apiTokensQuery = queryOptions({
  queryKey: queryKeys.apiTokens,
  queryFn: ({ signal }) => api.get('/api/admin/api-tokens', apiTokenListResponseSchema, { signal }),
});

/** Creates a token (behind step-up); the answer carries its secret, shown once. */
export function useCreateApiToken() {
  return useMutation({
    mutationFn: (input: CreateApiTokenRequest) =>
      api.post('/api/admin/api-tokens', createApiTokenResponseSchema, input),
    onSuccess: (_answer, _input, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.apiTokens }),
  });
}

export function useRevokeApiToken() {
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/admin/api-tokens/${id}`, noContent),
    onSuccess: (_answer, _id, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.apiTokens }),
  });
}
