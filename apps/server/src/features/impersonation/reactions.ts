import type { SupportSessionEnding } from '@gatehouse/shared';
import { type AlertScope, fromSession, raiseAlert } from '../../alerts/index.js';
import type { AuditOrigin } from '../../audit/index.js';
import { QUOTED_REASON_MAX, quoted } from '../../core/quoted-text.js';
import { sessionOf } from '../../http/principal.js';
import {
  type AuditEvent,
  type Reaction,
  type ReactionContext,
  reaction,
} from '../../http/reactions.js';
import { sessionById } from '../../identity/index.js';
import { userName } from './queries.js';

/** "2026-12-01 10:00 UTC": the instants of a support session as its email gives them. */
const mailTime = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const HOW: Record<SupportSessionEnding, string> = {
  exit: 'the administrator left',
  expired: 'its time ran out',
  revoked: 'it was signed out',
};

/**
 * The alert's scope. Its ALERT_RAISED row is the administrator's act in the user's org, like the
 * event it follows: a sweep (or an exit after the support session died) has no principal of its own.
 */
function scopeOf(
  event: Pick<AuditEvent, 'orgId' | 'actorUserId'>,
  ctx: ReactionContext,
): AlertScope {
  const as: Partial<AuditOrigin> = { orgId: event.orgId, actorUserId: event.actorUserId };
  return {
    audit: { emit: (action, details) => ctx.audit.emit(action, details, as) },
    appUrl: ctx.deps.config.appUrl,
    now: ctx.now,
  };
}

/** The user is mailed of every support session on their account: its start and its end. */
export const impersonationReactions: readonly Reaction[] = [
  // Who, why, since when and until when at the latest.
  reaction('IMPERSONATION_STARTED', async (event, ctx) => {
    const admin = sessionOf(ctx.auth)?.user;
    const started = event.metadata;
    const session = started && (await sessionById(ctx.db, started.sessionId));
    if (!admin || !started || !session) return;
    const reason = quoted(started.reason, QUOTED_REASON_MAX);
    await raiseAlert(ctx.db, scopeOf(event, ctx), {
      type: 'impersonation_started',
      user: { id: session.userId },
      origin: fromSession(session),
      everyTime: true,
      actedBy: admin.id,
      summary: `${quoted(admin.name)} started a support session on your account at ${mailTime(session.createdAt)}; it ends by ${mailTime(session.absoluteExpiresAt)} at the latest. Reason given: ${reason}`,
      adminSummary: (name) =>
        `${quoted(admin.name)} started a support session on the account of ${quoted(name)}; it ends by ${mailTime(session.absoluteExpiresAt)} at the latest. Reason given: ${reason}`,
    });
  }),
  // However it ended (exit, expiry, sign-out), once: how, after how long and how many reads.
  reaction('IMPERSONATION_ENDED', async (event, ctx) => {
    const ended = event.metadata;
    const admin = event.actorUserId;
    const session = ended && (await sessionById(ctx.db, ended.sessionId));
    if (!ended || !admin || !session) return;
    const name = await userName(ctx.db, admin);
    const by = name === undefined ? 'An administrator' : quoted(name);
    const minutes = Math.max(1, Math.round(ended.durationSeconds / 60));
    const views = ended.pageViews ?? 0;
    const viewed = views > 0 ? `, after ${views} page views` : '';
    const reason = ended.reason ? quoted(ended.reason, QUOTED_REASON_MAX) : 'none';
    const how = `(${HOW[ended.endedBy]}) after ${minutes} min${viewed}. Reason given: ${reason}`;
    await raiseAlert(ctx.db, scopeOf(event, ctx), {
      type: 'impersonation_ended',
      user: { id: session.userId },
      origin: fromSession(session),
      everyTime: true,
      actedBy: admin,
      summary: `${by}'s support session on your account ended ${how}`,
      adminSummary: (userName) =>
        `${by}'s support session on the account of ${quoted(userName)} ended ${how}`,
    });
  }),
];
