/** The owner (ORG_SECURITY_EDIT) reads the org's MFA and session policy; anyone else is 403. */
import { orgSecurityResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { settingsOf } from './queries.js';
import { toOrgSecurityDTO } from './service.js';

export const getOrgSecurity: Route = defineRoute(
  {
    method: 'get',
    path: '/org/security',
    tag: 'org',
    access: 'session',
    permission: 'ORG_SECURITY_EDIT',
    summary: 'MFA policy, session policy and the first page of active users (owner only)',
    response: orgSecurityResponseSchema,
  },
  async ({ db, auth, now }) => toOrgSecurityDTO(db, await settingsOf(db, auth.org.id), auth, now),
);
