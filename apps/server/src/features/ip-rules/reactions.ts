import type { IpRuleAction } from '@gatehouse/shared';
import { type AlertOrigin, fromSession, raiseAlert } from '../../alerts/index.js';
import { quoted } from '../../core/quoted-text.js';
import type { SessionRow } from '../../db/rows.js';
import { sessionOf } from '../../http/principal.js';
import { type Reaction, type ReactionContext, reaction } from '../../http/reactions.js';
import { displayAddress } from '../../network/index.js';
import { activeOwners } from './queries.js';

/**
 * Where a change was made: the request's address and the session's device. The session's place
 * is its sign-in's, so it is kept only when the request comes from that same address.
 */
function changedFrom(session: SessionRow, ip: string | null): AlertOrigin | null {
  const origin = fromSession(session);
  const address = displayAddress(ip);
  if (!origin || origin.ip === address) return origin;
  return { ...origin, ip: address, country: null, city: null };
}

/**
 * Tells every owner (but the one who made it) of a change to the rules, in the change's own
 * transaction: each change is an alert of its own, never folded into an earlier one.
 */
async function alertOwners(
  ctx: ReactionContext,
  change: { orgId: string | null; by: string | null; summary: string; origin: AlertOrigin | null },
): Promise<void> {
  if (!change.orgId) return;
  const scope = { audit: ctx.audit, appUrl: ctx.deps.config.appUrl, now: ctx.now };
  for (const owner of await activeOwners(ctx.db, change.orgId)) {
    if (owner.id === change.by) continue;
    await raiseAlert(ctx.db, scope, {
      type: 'ip_rules_changed',
      user: owner,
      origin: change.origin,
      summary: change.summary,
      everyTime: true,
    });
  }
}

/** A rule added or removed in the app, by the signed-in user, in the words of the alert. */
const ruleChanged =
  (verb: 'added' | 'removed') =>
  async (
    event: { orgId: string | null; ip: string | null },
    rule: { action: IpRuleAction; cidr: string } | undefined,
    ctx: ReactionContext,
  ): Promise<void> => {
    const auth = sessionOf(ctx.auth);
    if (!auth || !rule) return;
    await alertOwners(ctx, {
      orgId: event.orgId,
      by: auth.user.id,
      summary: `${quoted(auth.user.name)} ${verb} an IP rule: ${rule.action} ${rule.cidr}.`,
      origin: changedFrom(auth.session, event.ip),
    });
  };

const added = ruleChanged('added');
const removed = ruleChanged('removed');

/** Every change to the org's network rules is an alert to its owners (decision 018). */
export const ipRulesReactions: readonly Reaction[] = [
  reaction('IP_RULE_CREATED', (event, ctx) => added(event, event.after, ctx)),
  reaction('IP_RULE_DELETED', (event, ctx) => removed(event, event.before, ctx)),
  // The operator's command (`pnpm gatehouse ip-rules:clear`): no user, no address.
  reaction('IP_RULES_CLEARED', async (event, ctx) => {
    const cleared = event.metadata?.cleared;
    if (cleared === undefined) return;
    await alertOwners(ctx, {
      orgId: event.orgId,
      by: null,
      summary: `An operator cleared all ${cleared} IP rules of your organisation from the command line.`,
      origin: null,
    });
  }),
];
