import { z } from 'zod';
import { notFound } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { liveTokenOfOrg, markRevoked, notifyApiTokenChanged } from '../../identity/index.js';

const idParamsSchema = z.object({ id: z.uuid() });

/**
 * An owner (API_TOKENS_EDIT, after step-up API_TOKEN_CHANGE) revokes an API token of the org:
 * refused on its next request, on every instance. Another org's token, or one revoked already, is
 * 404; refused from a support session.
 */
export const revokeApiToken: Route = defineRoute(
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
);
