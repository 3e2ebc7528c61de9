import { alertScopeOf, fromSession, passkeyCounterRegressed } from '../../alerts/index.js';
import { handOver } from '../../audit/index.js';
import { sessionOf } from '../../http/principal.js';
import { type Reaction, reactionToFailure } from '../../http/reactions.js';

/**
 * Whose device-bound passkey answered a step-up with an old signature counter (identity refused
 * it): handed from the refusal to the reaction on its FAIL row, never written.
 */
export const COUNTER_REGRESSED = handOver<string>('step-up passkey counter regressed');

export const stepUpReactions: readonly Reaction[] = [
  // A copied authenticator: the user hears of it every time, and it is kept after the refusal.
  reactionToFailure('STEP_UP_VERIFIED', async (_event, ctx) => {
    const userId = ctx.audit.handedOver(COUNTER_REGRESSED);
    if (!userId) return;
    const origin = fromSession(sessionOf(ctx.auth)?.session);
    const { audit, appUrl } = alertScopeOf(ctx);
    await passkeyCounterRegressed({ audit, appUrl }, origin, ctx.now)(ctx.db, userId);
  }),
];
