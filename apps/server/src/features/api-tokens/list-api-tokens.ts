import { apiTokenListResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { listApiTokens as tokensOfOrg } from '../../identity/index.js';

/**
 * An owner (API_TOKENS_EDIT) lists the org's API tokens, newest first, never their secrets;
 * anyone else is refused, and another org's tokens are never shown.
 */
export const listApiTokens: Route = defineRoute(
  {
    method: 'get',
    path: '/admin/api-tokens',
    tag: 'api-tokens',
    access: 'session',
    permission: 'API_TOKENS_EDIT',
    summary: "The org's API tokens (never their secrets), newest first",
    response: apiTokenListResponseSchema,
  },
  ({ db, auth }) => tokensOfOrg(db, auth.org.id),
);
