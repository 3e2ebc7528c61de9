import {
  type AlertScope,
  fromSession,
  passkeyCounterRegressed,
  raiseAlert,
  type SignInFacts,
  watchFailedSignIns,
  watchSignIn,
} from '../../alerts/index.js';
import { sessionOf } from '../../http/principal.js';
import {
  type Reaction,
  type ReactionContext,
  reaction,
  reactionToFailure,
} from '../../http/reactions.js';
import { findUser, rememberDevice } from '../../identity/index.js';
import { enqueueMail } from '../../mail/index.js';
import {
  KEPT_TOKENS,
  PASSKEY_COUNTER_REGRESSED,
  SESSION_OPENED,
  SIGN_IN_FAILURE_COUNTED,
} from './hand-overs.js';
import { signUpAttemptMail } from './mails.js';

const scopeOf = (ctx: ReactionContext): AlertScope => ({
  audit: ctx.audit,
  appUrl: ctx.deps.config.appUrl,
  now: ctx.now,
});

/**
 * The sign-in rules (with `scope`; a sign-up has none to run), then this sign-in and browser
 * are remembered for the next: in this order, so that "new" means new.
 */
async function watchAndRemember(ctx: ReactionContext, scope: AlertScope | null): Promise<void> {
  const opened = ctx.audit.handedOver(SESSION_OPENED);
  if (!opened) return;
  const facts: SignInFacts = { ...opened, now: ctx.now };
  await watchSignIn(ctx.db, scope, facts);
  const { user, client } = facts;
  await rememberDevice(
    ctx.db,
    {
      userId: user.id,
      deviceIdHash: client.deviceIdHash,
      label: client.device.label,
      country: client.geo?.country ?? null,
    },
    ctx.now,
  );
}

/**
 * Auth's alerts and mails, as reactions to the events its use cases write (decision 019): each
 * runs in the change's transaction (a failure's in the FAIL row's), before the commit.
 */
export const authReactions: readonly Reaction[] = [
  // New device, new country, impossible travel, shared account, session-limit evictions.
  reaction('LOGIN_SUCCESS', (_event, ctx) => watchAndRemember(ctx, scopeOf(ctx))),
  // The first sign-in ever is new by definition and not news: only remembered.
  reaction('USER_SIGNED_UP', (_event, ctx) => watchAndRemember(ctx, null)),
  // The tenth wrong password within the window; a copied passkey refused at sign-in.
  reactionToFailure('LOGIN_FAILURE', async (_event, ctx) => {
    const counted = ctx.audit.handedOver(SIGN_IN_FAILURE_COUNTED);
    if (counted) await watchFailedSignIns(ctx.db, scopeOf(ctx), counted);
    const copied = ctx.audit.handedOver(PASSKEY_COUNTER_REGRESSED);
    if (copied)
      await passkeyCounterRegressed(scopeOf(ctx), copied.origin, ctx.now)(ctx.db, copied.userId);
  }),
  // With mail to tell the real owner, a sign-up with their email is mailed to them (decision 014).
  reaction('SIGN_UP_EMAIL_TAKEN', async (event, ctx) => {
    const owner = event.targetId ? await findUser(ctx.db, event.targetId) : undefined;
    if (!owner) return;
    const { ip, userAgent } = event;
    const request = { ip, userAgent, now: ctx.now, appUrl: ctx.deps.config.appUrl };
    await enqueueMail(ctx.db, signUpAttemptMail(owner, request), ctx.now);
  }),
  // The user hears of their password change, with the API tokens it kept (decision 017).
  reaction('PASSWORD_CHANGED', async (_event, ctx) => {
    const auth = sessionOf(ctx.auth);
    if (!auth) return;
    await raiseAlert(ctx.db, scopeOf(ctx), {
      type: 'password_changed',
      user: auth.user,
      origin: fromSession(auth.session),
      keptTokens: ctx.audit.handedOver(KEPT_TOKENS) ?? null,
    });
  }),
];
