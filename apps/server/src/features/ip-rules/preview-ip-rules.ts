import {
  type IpRulesPreviewResponse,
  ipRulesPreviewRequestSchema,
  ipRulesPreviewResponseSchema,
  PREVIEW_USERS_LIMIT,
  reachesOwners,
} from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { actorOf } from '../../http/may-act-on.js';
import { defineRoute, type Route } from '../../http/route.js';
import { compilePolicy, displayAddress, ruleSetOf } from '../../network/index.js';
import { ownersBlockedBy, ownersWithAddresses } from './owners.js';
import { liveSessionAddresses } from './queries.js';
import { parseOrRefuse, type Rule } from './service.js';

/**
 * A security admin (SETTINGS_SECURITY_EDIT), or a support session (it changes nothing), sees whom
 * a would-be rule set blocks right now: live sessions, people, themselves, and owners it would
 * newly block; an address that is not one is 422.
 */
export const previewIpRules: Route = defineRoute(
  {
    method: 'post',
    path: '/security/ip-rules/preview',
    // Changes nothing: a support session may look, as it may read the list.
    impersonation: 'always',
    tag: 'ip-rules',
    access: 'session',
    permission: 'SETTINGS_SECURITY_EDIT',
    summary:
      'Who a would-be rule set blocks right now: live sessions, people, you, and owners it would newly block',
    body: ipRulesPreviewRequestSchema,
    response: ipRulesPreviewResponseSchema,
  },
  ({ db, auth, body, client, now }) => previewRules(db, auth, body.rules, { ip: client.ip, now }),
);

/**
 * What a would-be rule set does right now: the org's live sessions whose last address it would
 * block, the distinct people behind them (named up to PREVIEW_USERS_LIMIT), the caller, and the
 * owners it would newly block (which only an owner may do).
 */
async function previewRules(
  db: Executor,
  auth: AuthContext,
  proposed: readonly Rule[],
  ctx: { ip: string | null; now: Date },
): Promise<IpRulesPreviewResponse> {
  const rules = proposed.map((r, i) => ({
    action: r.action,
    cidr: parseOrRefuse(r.cidr, `rules.${i}.cidr`),
  }));
  const policy = compilePolicy(rules);
  const byUser = new Map<string, { id: string; name: string; email: string; sessions: number }>();
  let blockedSessions = 0;
  if (!policy.empty) {
    for (const s of await liveSessionAddresses(db, auth.org.id, ctx.now)) {
      if (policy.allows(s.ip)) continue;
      blockedSessions += 1;
      const user = byUser.get(s.userId) ?? {
        id: s.userId,
        name: s.name,
        email: s.email,
        sessions: 0,
      };
      user.sessions += 1;
      byUser.set(s.userId, user);
    }
  }
  const blockedUsers = [...byUser.values()].sort(
    (a, b) => b.sessions - a.sessions || a.email.localeCompare(b.email),
  );
  const owners = await ownersWithAddresses(db, auth.org.id, ctx.now);
  const blockedOwners = ownersBlockedBy(owners, await ruleSetOf(db, auth.org.id), rules);
  return {
    blockedSessions,
    blockedUserCount: blockedUsers.length,
    blockedUsers: blockedUsers.slice(0, PREVIEW_USERS_LIMIT),
    blocksYou: !policy.allows(ctx.ip),
    yourIp: displayAddress(ctx.ip),
    blockedOwners,
    needsOwner: blockedOwners.length > 0 && !reachesOwners(actorOf(auth), 'BLOCK_BY_IP_RULE'),
  };
}
