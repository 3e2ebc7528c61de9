import {
  orgSecurityPatchResponseSchema,
  orgSecurityPatchSchema,
  orgSecurityResponseSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import { revokeOrgSessions } from '../../core/sessions.js';
import type { AppDeps } from '../../deps.js';
import { clearSessionCookie } from '../../http/cookies.js';
import { defineRoute, type Route } from '../../http/route.js';
import { orgSecurity, updateOrgSecurity } from './service.js';

const revokeRequestSchema = z.object({ scope: z.enum(['others', 'all']) });

export function orgSecurityRoutes({ db, config }: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/org/security',
        tag: 'org',
        access: 'session',
        permission: 'ORG_SECURITY_EDIT',
        summary: 'MFA policy, session policy and active users (owner only)',
        response: orgSecurityResponseSchema,
      },
      ({ auth, now }) => orgSecurity(db, auth, now),
    ),
    defineRoute(
      {
        method: 'patch',
        path: '/org/security',
        tag: 'org',
        access: 'session',
        permission: 'ORG_SECURITY_EDIT',
        stepUp: 'ORG_SECURITY_CHANGE',
        summary: 'Change the MFA or session policy (owner only; one audit row, before and after)',
        body: orgSecurityPatchSchema,
        response: orgSecurityPatchResponseSchema,
        audit: 'ORG_SECURITY_UPDATED',
      },
      async ({ auth, body, audit, now }) => {
        const { before, after, response } = await updateOrgSecurity(db, auth, body, now);
        Object.assign(audit, { targetType: 'org', targetId: auth.org.id, before, after });
        return { ...response, appliesAt: 'next_sign_in' as const };
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/org/security/revoke-sessions',
        tag: 'org',
        access: 'session',
        permission: 'ORG_SECURITY_EDIT',
        stepUp: 'ORG_SESSIONS_REVOKE',
        summary: 'Sign out everyone in the org, except the caller ("others") or including them',
        body: revokeRequestSchema,
        response: z.object({ revoked: z.number().int() }),
        audit: 'ORG_SESSIONS_REVOKED',
      },
      async ({ auth, body, audit, res, now }) => {
        const keep = body.scope === 'others' ? auth.session.id : null;
        const revoked = await revokeOrgSessions(db, auth.org.id, keep, auth.user.id, now);
        Object.assign(audit, {
          targetType: 'org',
          targetId: auth.org.id,
          metadata: { scope: body.scope, revoked },
        });
        if (body.scope === 'all') clearSessionCookie(res, config);
        return { revoked };
      },
    ),
  ];
}
