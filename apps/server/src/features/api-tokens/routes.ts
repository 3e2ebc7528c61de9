import {
  apiTokenListResponseSchema,
  createApiTokenRequestSchema,
  createApiTokenResponseSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import { notFound } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import {
  createApiToken,
  listApiTokens,
  liveTokenOfOrg,
  markRevoked,
  notifyApiTokenChanged,
} from '../../identity/index.js';

const idParamsSchema = z.object({ id: z.uuid() });

/** The org's API tokens: owners list, create (shown once) and revoke them from a browser. */
export function apiTokenRoutes(): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/admin/api-tokens',
        tag: 'api-tokens',
        access: 'session',
        permission: 'API_TOKENS_EDIT',
        summary: "The org's API tokens (never their secrets), newest first",
        response: apiTokenListResponseSchema,
      },
      ({ db, auth }) => listApiTokens(db, auth.org.id),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/admin/api-tokens',
        tag: 'api-tokens',
        access: 'session',
        permission: 'API_TOKENS_EDIT',
        impersonation: 'never',
        summary:
          'Create a scoped API token; its secret (gh_pat_…) is in this answer only, and only its hash is kept',
        body: createApiTokenRequestSchema,
        stepUp: 'API_TOKEN_CHANGE',
        stepUpDescription: ({ body }) => `Create the API token “${body.name}”`,
        status: 201,
        response: createApiTokenResponseSchema,
        audit: 'API_TOKEN_CREATED',
      },
      async ({ db, auth, body, audit, now }) => {
        // Every other owner hears of it (the reaction to API_TOKEN_CREATED).
        const created = await createApiToken(
          db,
          { id: auth.user.id, name: auth.user.name, orgId: auth.org.id },
          body,
          now,
        );
        audit.set({
          targetType: 'api_token',
          targetId: created.token.id,
          metadata: { name: body.name, scopes: body.scopes },
        });
        return created;
      },
    ),
    defineRoute(
      {
        method: 'delete',
        path: '/admin/api-tokens/:id',
        tag: 'api-tokens',
        access: 'session',
        permission: 'API_TOKENS_EDIT',
        impersonation: 'never',
        summary: 'Revoke an API token: refused on its next request, on every instance',
        params: idParamsSchema,
        load: async ({ db, auth, params, audit }) => {
          audit.set({ targetType: 'api_token', targetId: params.id });
          const token = await liveTokenOfOrg(db, params.id, auth.org.id);
          if (!token) throw notFound('API token');
          return token;
        },
        stepUp: 'API_TOKEN_CHANGE',
        stepUpDescription: (_input, token) => `Revoke the API token “${token.name}”`,
        audit: 'API_TOKEN_REVOKED',
      },
      async ({ db, auth, target, audit, now }) => {
        if (!(await markRevoked(db, target, auth.user.id, now))) throw notFound('API token');
        await notifyApiTokenChanged(db, target.id);
        audit.set({ metadata: { name: target.name } });
      },
    ),
  ];
}
