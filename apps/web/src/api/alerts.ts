import {
  type AckAllAlertsRequest,
  ackAlertResponseSchema,
  ackAllAlertsResponseSchema,
  adminAlertsResponseSchema,
  thisWasntMeResponseSchema,
} from '@gatehouse/shared';
import { infiniteQueryOptions, useMutation } from '@tanstack/react-query';
import { api } from './client';
import { queryKeys } from './keys';
import { FIRST_PAGE, nextCursorOf, pagePath } from './paging';

/** The org's security alerts, newest first; `open` keeps the unacknowledged ones only. */
export function adminAlertsQuery(open: boolean) {
  return infiniteQueryOptions({
    queryKey: [...queryKeys.alerts, { open }],
    queryFn: ({ pageParam, signal }) => {
      const path = pagePath('/api/admin/alerts', pageParam);
      const filtered = open ? `${path}${path.includes('?') ? '&' : '?'}unacknowledged=true` : path;
      return api.get(filtered, adminAlertsResponseSchema, { signal });
    },
    initialPageParam: FIRST_PAGE,
    getNextPageParam: nextCursorOf,
  });
}

export function useAcknowledgeAlert() {
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/admin/alerts/${id}/ack`, ackAlertResponseSchema),
    onSuccess: (_answer, _id, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.alerts }),
  });
}

/** "Acknowledge all": the open alerts up to the newest the page shows (not one that came since). */
export function useAcknowledgeAllAlerts() {
  return useMutation({
    mutationFn: (filters: AckAllAlertsRequest) =>
      api.post('/api/admin/alerts/acknowledge-all', ackAllAlertsResponseSchema, filters),
    onSuccess: (_answer, _filters, _result, { client }) =>
      client.invalidateQueries({ queryKey: queryKeys.alerts }),
  });
}

/** "This wasn't me": the token from the alert email secures the account. */
export function useThisWasntMe() {
  return useMutation({
    mutationFn: (token: string) =>
      api.post('/api/security/this-wasnt-me', thisWasntMeResponseSchema, { token }),
  });
}
