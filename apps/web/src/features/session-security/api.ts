import type {
  OrgSecurityPatch,
  OrgSecurityPatchResponse,
  OrgSecurityResponse,
} from '@gatehouse/shared';
import { api } from '../../api/client';

/** The owner's Session security calls. */
export const orgSecurityCalls = {
  get: () => api.get<OrgSecurityResponse>('/api/org/security'),
  update: (patch: OrgSecurityPatch) =>
    api.patch<OrgSecurityPatchResponse>('/api/org/security', patch),
  revokeSessions: (scope: 'others' | 'all') =>
    api.post<{ revoked: number }>('/api/org/security/revoke-sessions', { scope }),
};
