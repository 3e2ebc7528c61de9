import type { AlertType } from '@gatehouse/shared';
import { quoted } from '../core/quoted-text.js';
import { isTokenAuth, sessionOf } from '../http/principal.js';
import { type Reaction, type ReactionContext, reaction } from '../http/reactions.js';
import { sessionById } from '../identity/index.js';
import { type AlertScope, fromSession, raiseAlert } from './raise.js';

/** Who signed the user out when an API token of the org did (DELETE /admin/sessions/:id). */
const API_TOKEN_ACTOR = { id: null, name: 'an API token of your organisation' };

const scopeOf = (ctx: ReactionContext): AlertScope => ({
  audit: ctx.audit,
  appUrl: ctx.deps.config.appUrl,
  now: ctx.now,
});

/** The signed-in user is told of a change to their own account, from the session that made it. */
const tellTheUser =
  (type: AlertType) =>
  async (_event: unknown, ctx: ReactionContext): Promise<void> => {
    const auth = sessionOf(ctx.auth);
    if (!auth) return;
    await raiseAlert(ctx.db, scopeOf(ctx), {
      type,
      user: auth.user,
      origin: fromSession(auth.session),
    });
  };

/**
 * The alerts as reactions to audit events (decision 019): each runs in the change's transaction,
 * after its handler and before the commit. Adding an alert is adding an entry here.
 */
export const alertReactions: readonly Reaction[] = [
  reaction('MFA_ENROLLED', tellTheUser('mfa_enabled')),
  reaction('MFA_DISABLED', tellTheUser('mfa_disabled')),
  reaction('RECOVERY_CODES_REGENERATED', tellTheUser('recovery_codes_regenerated')),
  // Someone else signed one of the user's sessions out: an administrator, or the org's API token.
  reaction('SESSION_REVOKED', async (event, ctx) => {
    const holder = event.metadata?.userId;
    const by = sessionOf(ctx.auth)?.user;
    if (!holder || by?.id === holder || !event.targetId) return;
    const session = await sessionById(ctx.db, event.targetId);
    const byToken = !by || isTokenAuth(ctx.auth);
    await raiseAlert(ctx.db, scopeOf(ctx), {
      type: 'admin_sign_out',
      user: { id: holder },
      origin: fromSession(session),
      summary: byToken
        ? 'An administrator signed this session out.'
        : `An administrator, ${quoted(by.name)}, signed this session out.`,
      adminSummary: (name) =>
        byToken
          ? `An API token signed out a session of ${quoted(name)}.`
          : `${quoted(by.name)} signed out a session of ${quoted(name)}.`,
      actor: byToken ? API_TOKEN_ACTOR : { id: by.id, name: by.name },
    });
  }),
];
