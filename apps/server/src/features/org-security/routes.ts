import { orgSecurityPatchSchema, orgSecurityResponseSchema } from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { defineRoute, type Route } from '../../http/route.js';
import { orgSecurity, updateOrgSecurity } from './service.js';

export function orgSecurityRoutes({ db }: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/org/security',
        tag: 'org',
        access: 'session',
        permission: 'ORG_SECURITY_EDIT',
        summary: "The organisation's security settings (owner only)",
        response: orgSecurityResponseSchema,
      },
      ({ auth }) => orgSecurity(db, auth),
    ),
    defineRoute(
      {
        method: 'patch',
        path: '/org/security',
        tag: 'org',
        access: 'session',
        permission: 'ORG_SECURITY_EDIT',
        stepUp: 'ORG_SECURITY_CHANGE',
        summary: 'Change the MFA policy (owner only; audited with before and after)',
        body: orgSecurityPatchSchema,
        response: orgSecurityResponseSchema,
        audit: 'ORG_SECURITY_UPDATED',
      },
      async ({ auth, body, audit, now }) => {
        const { before, after } = await updateOrgSecurity(db, auth, body, now);
        Object.assign(audit, { targetType: 'org', targetId: auth.org.id, before, after });
        return after;
      },
    ),
  ];
}
