import { describeDevice } from '../../core/device.js';
import {
  type AuditEvent,
  type Reaction,
  type ReactionContext,
  reaction,
} from '../../http/reactions.js';
import { findUser } from '../../identity/index.js';
import { enqueueMail } from '../../mail/index.js';
import { KEPT_TOKENS, RESET_LINK } from './hand-overs.js';
import { type MailContext, passwordWasResetMail, resetLinkMail } from './mails.js';

/** The account the event is about, and where and with what the request came (for the mail). */
async function mailContextOf(
  event: Pick<AuditEvent, 'targetId' | 'ip' | 'userAgent'>,
  ctx: ReactionContext,
): Promise<MailContext | undefined> {
  const user = event.targetId ? await findUser(ctx.db, event.targetId) : undefined;
  if (!user) return undefined;
  const origin = { ip: event.ip, device: describeDevice(event.userAgent).label };
  return { user, origin, now: ctx.now, appUrl: ctx.deps.config.appUrl };
}

/**
 * Password-reset's mails, as reactions to the events its use cases write (decision 019), in the
 * change's transaction: the link's in the job that runs after the answer (decision 014).
 */
export const passwordResetReactions: readonly Reaction[] = [
  reaction('PASSWORD_RESET_REQUESTED', async (event, ctx) => {
    const link = ctx.audit.handedOver(RESET_LINK);
    const context = link ? await mailContextOf(event, ctx) : undefined;
    if (link && context) await enqueueMail(ctx.db, resetLinkMail(context, link), ctx.now);
  }),
  // The owner is told, with the API tokens a routine reset kept (decision 017).
  reaction('PASSWORD_RESET', async (event, ctx) => {
    const context = await mailContextOf(event, ctx);
    const keptTokens = ctx.audit.handedOver(KEPT_TOKENS) ?? null;
    if (context) await enqueueMail(ctx.db, passwordWasResetMail(context, keptTokens), ctx.now);
  }),
];
