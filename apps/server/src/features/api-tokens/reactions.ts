import { alertOwners, fromSession } from '../../alerts/index.js';
import { sessionOf } from '../../http/principal.js';
import { type Reaction, reaction } from '../../http/reactions.js';
import { liveTokenOfOrg } from '../../identity/index.js';

/** A token outlives the session that made it: every other owner hears of it (decision 017). */
export const apiTokenReactions: readonly Reaction[] = [
  reaction('API_TOKEN_CREATED', async (event, ctx) => {
    const auth = sessionOf(ctx.auth);
    const token =
      auth && event.targetId && (await liveTokenOfOrg(ctx.db, event.targetId, auth.org.id));
    if (!auth || !token) return;
    const expiry = token.expiresAt
      ? `expires ${token.expiresAt.toISOString().slice(0, 10)}`
      : 'never expires';
    await alertOwners(
      ctx.db,
      { audit: ctx.audit, appUrl: ctx.deps.config.appUrl, now: ctx.now },
      {
        type: 'api_token_created',
        orgId: auth.org.id,
        actorUserId: auth.user.id,
        origin: fromSession(auth.session),
        summary: `${auth.user.name} created the API token "${token.name}" (${token.scopes.join(', ')}; ${expiry}).`,
        reviewPath: '/admin/api-tokens',
      },
    );
  }),
];
