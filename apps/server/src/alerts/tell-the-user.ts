import type { AlertType } from '@gatehouse/shared';
import { sessionOf } from '../http/principal.js';
import type { ReactionContext } from '../http/reactions.js';
import { type AlertScope, fromSession, raiseAlert } from './raise.js';

/** What a reaction raises an alert with: its transaction's emitter, the app's URL, its clock. */
export const alertScopeOf = (ctx: ReactionContext): AlertScope => ({
  audit: ctx.audit,
  appUrl: ctx.deps.config.appUrl,
  now: ctx.now,
});

/**
 * A reaction that tells the signed-in user of a change to their own account, from the session
 * that made it (`everyTime`: never folded into an alert of the same type within the hour).
 */
export const tellTheUser =
  (type: AlertType, options: { everyTime?: boolean } = {}) =>
  async (_event: unknown, ctx: ReactionContext): Promise<void> => {
    const auth = sessionOf(ctx.auth);
    if (!auth) return;
    await raiseAlert(ctx.db, alertScopeOf(ctx), {
      type,
      user: auth.user,
      origin: fromSession(auth.session),
      ...(options.everyTime ? { everyTime: true } : {}),
    });
  };
