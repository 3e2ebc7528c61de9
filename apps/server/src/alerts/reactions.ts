import { handOver } from '../audit/index.js';
import { quoted } from '../core/quoted-text.js';
import type { SessionRow } from '../db/rows.js';
import { isTokenAuth, sessionOf } from '../http/principal.js';
import { type Reaction, reaction } from '../http/reactions.js';
import { sessionById } from '../identity/index.js';
import { fromSession, raiseAlert } from './raise.js';
import { alertScopeOf } from './tell-the-user.js';

/**
 * The session a SESSION_REVOKED event is about, as the use case locked it before revoking it: the
 * reaction describes where it was without reading it again (one statement fewer per revoke).
 */
export const REVOKED_SESSION = handOver<SessionRow>('alerts: revoked session');

/** Who signed the user out when an API token of the org did (DELETE /admin/sessions/:id). */
const API_TOKEN_ACTOR = { id: null, name: 'an API token of your organisation' };

/**
 * The alerts as reactions to audit events (decision 019): each runs in the change's transaction,
 * after its handler and before the commit. A reaction lives in the feature that writes its event
 * (its `reactions.ts`); here are those to an event more than one feature writes: SESSION_REVOKED
 * (the user's or an admin's revoke in sessions, DELETE /admin/sessions/:id in admin).
 */
export const alertReactions: readonly Reaction[] = [
  // Someone else signed one of the user's sessions out: an administrator, or the org's API token.
  reaction('SESSION_REVOKED', async (event, ctx) => {
    const holder = event.metadata?.userId;
    const by = sessionOf(ctx.auth)?.user;
    if (!holder || by?.id === holder || !event.targetId) return;
    const handed = ctx.audit.handedOver(REVOKED_SESSION);
    const session =
      handed?.id === event.targetId ? handed : await sessionById(ctx.db, event.targetId);
    const byToken = !by || isTokenAuth(ctx.auth);
    await raiseAlert(ctx.db, alertScopeOf(ctx), {
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
