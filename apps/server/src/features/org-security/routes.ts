import {
  activeUsersResponseSchema,
  orgSecurityPatchResponseSchema,
  orgSecurityPatchSchema,
  orgSecurityResponseSchema,
  orgSessionsRevokeRequestSchema,
  pageQuerySchema,
  revokedCountResponseSchema,
} from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { clearSessionCookie } from '../../http/cookies.js';
import { defineRoute, type Route } from '../../http/route.js';
import { revokeOrgSessions } from '../../identity/index.js';
import { activeUsersPage, orgSecurity, updateOrgSecurity } from './service.js';

/** The policy change in words, for the step-up dialog ("Stop requiring MFA for downloads"). */
function describePolicyChange(body: {
  requireMfaForDownloads?: boolean | undefined;
  requireMfaForShares?: boolean | undefined;
}): string {
  const switches = [
    ['downloads', body.requireMfaForDownloads],
    ['shares', body.requireMfaForShares],
  ] as const;
  const changed = switches.filter(([, on]) => on !== undefined);
  const [only] = changed;
  if (changed.length !== 1 || !only) return 'Change your organisation’s security settings';
  return `${only[1] ? 'Require' : 'Stop requiring'} MFA for ${only[0]}`;
}

export function orgSecurityRoutes({ config }: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/org/security',
        tag: 'org',
        access: 'session',
        permission: 'ORG_SECURITY_EDIT',
        summary: 'MFA policy, session policy and the first page of active users (owner only)',
        response: orgSecurityResponseSchema,
      },
      ({ db, auth, now }) => orgSecurity(db, auth, now),
    ),
    defineRoute(
      {
        method: 'get',
        path: '/org/security/active-users',
        tag: 'org',
        access: 'session',
        permission: 'ORG_SECURITY_EDIT',
        summary: 'People signed in to the org, most recent sign-in first (cursor paging)',
        query: pageQuerySchema,
        response: activeUsersResponseSchema,
      },
      ({ db, auth, query, now }) =>
        activeUsersPage(db, auth, {
          now,
          limit: query.limit,
          ...(query.cursor ? { cursor: query.cursor } : {}),
        }),
    ),
    defineRoute(
      {
        method: 'patch',
        path: '/org/security',
        impersonation: 'never',
        tag: 'org',
        access: 'session',
        permission: 'ORG_SECURITY_EDIT',
        stepUp: 'ORG_SECURITY_CHANGE',
        stepUpDescription: ({ body }) => describePolicyChange(body),
        summary:
          "Change the MFA or session policy (owner only): flat fields or GET's own shape, merged",
        body: orgSecurityPatchSchema,
        response: orgSecurityPatchResponseSchema,
        audit: 'ORG_SECURITY_UPDATED',
      },
      async ({ db, auth, body, audit, now }) => {
        const { before, after, response } = await updateOrgSecurity(db, auth, body, now);
        audit.set({ targetType: 'org', targetId: auth.org.id, before, after });
        return { ...response, appliesAt: 'next_sign_in' as const };
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/org/security/revoke-sessions',
        impersonation: 'never',
        tag: 'org',
        access: 'session',
        permission: 'ORG_SECURITY_EDIT',
        stepUp: 'ORG_SESSIONS_REVOKE',
        stepUpDescription: ({ body }) =>
          body.scope === 'others'
            ? 'Sign out everyone except you'
            : 'Sign out everyone, including you',
        summary: 'Sign out everyone in the org, except the caller ("others") or including them',
        body: orgSessionsRevokeRequestSchema,
        response: revokedCountResponseSchema,
        audit: 'ORG_SESSIONS_REVOKED',
      },
      async ({ db, auth, body, audit, res, now, afterCommit }) => {
        const keep = body.scope === 'others' ? auth.session.id : null;
        const revoked = await revokeOrgSessions(db, auth.org.id, keep, {
          revokedBy: auth.user.id,
          now,
        });
        audit.set({
          targetType: 'org',
          targetId: auth.org.id,
          metadata: { scope: body.scope, revoked },
        });
        if (body.scope === 'all') afterCommit(() => clearSessionCookie(res, config));
        return { revoked };
      },
    ),
  ];
}
