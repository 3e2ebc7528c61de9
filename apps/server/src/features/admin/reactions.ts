import { raiseAlert } from '../../alerts/index.js';
import { QUOTED_REASON_MAX, quoted } from '../../core/quoted-text.js';
import { sessionOf } from '../../http/principal.js';
import { type Reaction, reaction } from '../../http/reactions.js';

/** Who signed the user out when an API token of the org did. */
const API_TOKEN_ACTOR = { id: null, name: 'an API token of your organisation' };

/** The user signed out of everything is told who did it, and why when a reason was given. */
export const adminReactions: readonly Reaction[] = [
  reaction('FORCE_LOGOUT', async (event, ctx) => {
    if (!event.targetId) return;
    const admin = sessionOf(ctx.auth)?.user;
    const note = event.metadata?.reason;
    const why = note ? ` Reason: ${quoted(note, QUOTED_REASON_MAX)}` : '';
    await raiseAlert(
      ctx.db,
      { audit: ctx.audit, appUrl: ctx.deps.config.appUrl, now: ctx.now },
      {
        type: 'admin_sign_out',
        user: { id: event.targetId },
        summary: `An administrator${admin ? `, ${quoted(admin.name)},` : ''} signed you out of every session.${why}`,
        adminSummary: (name) =>
          `${admin ? quoted(admin.name) : 'An API token'} signed ${quoted(name)} out of every session.${why}`,
        actor: admin ? { id: admin.id, name: admin.name } : API_TOKEN_ACTOR,
      },
    );
  }),
];
