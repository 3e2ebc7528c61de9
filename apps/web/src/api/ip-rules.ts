import {
  type IpRuleCreateRequest,
  type IpRulesPreviewRequest,
  ipRuleCreatedResponseSchema,
  ipRulesPreviewResponseSchema,
  ipRulesResponseSchema,
} from '@gatehouse/shared';
import { queryOptions, useMutation } from '@tanstack/react-query';
import { api } from './client';
import { queryKeys } from './keys';

/** The org's IP rules and the caller's address as the server sees it. */
export const ipRulesQuery = queryOptions({
  queryKey: queryKeys.ipRules,
  queryFn: ({ signal }) => api.get('/api/security/ip-rules', ipRulesResponseSchema, { signal }),
});

/** Who a would-be rule set would block right now (nothing is saved). */
export function previewIpRules(rules: IpRulesPreviewRequest['rules']) {
  return api.post('/api/security/ip-rules/preview', ipRulesPreviewResponseSchema, { rules });
}

/** Adds a rule; a 428 opens the step-up dialog by itself, a 409 self-lockout is the caller's. */
export function useAddIpRule() {
  return useMutation({
    mutationFn: (rule: IpRuleCreateRequest) =>
      api.post('/api/security/ip-rules', ipRuleCreatedResponseSchema, rule),
    onSuccess: (answer, _rule, _result, { client }) =>
      client.setQueryData(queryKeys.ipRules, { rules: answer.rules, yourIp: answer.yourIp }),
  });
}

export function useDeleteIpRule() {
  return useMutation({
    mutationFn: ({ id, force }: { id: string; force?: boolean }) =>
      api.delete(
        `/api/security/ip-rules/${encodeURIComponent(id)}${force ? '?force=true' : ''}`,
        ipRulesResponseSchema,
      ),
    onSuccess: (answer, _input, _result, { client }) =>
      client.setQueryData(queryKeys.ipRules, answer),
  });
}
