import { createApiTokenRequestSchema, createApiTokenResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { createApiToken as issueApiToken } from '../../identity/index.js';

/**
 * An owner (API_TOKENS_EDIT, after step-up API_TOKEN_CHANGE) creates a scoped API token of the
 * org: its secret is in this answer only and only its hash is kept. Every other owner hears of it
 * (the reaction to API_TOKEN_CREATED). Refused from a support session; bad input is 422.
 */
export const createApiToken: Route = defineRoute(
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
    const created = await issueApiToken(
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
);
