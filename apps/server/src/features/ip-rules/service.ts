import {
  type IpRuleAction,
  type IpRuleDTO,
  type IpRulesPreviewResponse,
  MAX_IP_RULES,
  PREVIEW_USERS_LIMIT,
  reachesOwners,
} from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import { lockFor } from '../../db/lock.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { actorOf } from '../../http/may-act-on.js';
import {
  compilePolicy,
  displayAddress,
  notifyRulesChanged,
  parseCidr,
  ruleSetOf,
} from '../../network/index.js';
import { guardOwners, ownersBlockedBy, ownersWithAddresses } from './owners.js';
import {
  countRules,
  deleteRule,
  findRuleForUpdate,
  insertRule,
  liveSessionAddresses,
  rulesWithCreators,
} from './queries.js';

type Rule = { action: IpRuleAction; cidr: string };

export async function listRules(db: Executor, orgId: string): Promise<IpRuleDTO[]> {
  const rows = await rulesWithCreators(db, orgId);
  return rows.map(({ rule, creator }) => ({
    id: rule.id,
    action: rule.action,
    cidr: rule.cidr,
    note: rule.note,
    createdBy: creator,
    createdAt: rule.createdAt.toISOString(),
  }));
}

/** 422 naming the field, for text that is not an address or a CIDR range. */
function parseOrRefuse(cidr: string, path: string): string {
  const parsed = parseCidr(cidr);
  if (parsed) return parsed.cidr;
  const message = 'Enter an IPv4 or IPv6 address or CIDR range, like 203.0.113.0/24';
  throw new AppError('VALIDATION_FAILED', message, { issues: [{ path, message }] });
}

/** One writer of an org's rules at a time, so the self-lockout check sees what it saves over. */
export async function lockOrgRules(db: Executor, orgId: string): Promise<void> {
  await lockFor(db, `ip_rules:${orgId}`);
}

/** 409 when the rules would block the caller's own address, unless they said `force`. */
function guardSelfLockout(rules: readonly Rule[], ip: string | null, force: boolean): void {
  if (force || compilePolicy(rules).allows(ip)) return;
  const yourIp = displayAddress(ip);
  throw new AppError(
    'CONFLICT',
    `This change would block your own address (${yourIp ?? 'unknown'})`,
    {
      reason: 'self_lockout',
      yourIp,
    },
  );
}

export async function createRule(
  db: Executor,
  auth: AuthContext,
  input: { action: IpRuleAction; cidr: string; note: string; force: boolean },
  ctx: { ip: string | null; now: Date },
) {
  const cidr = parseOrRefuse(input.cidr, 'cidr');
  await lockOrgRules(db, auth.org.id);
  const existing = await ruleSetOf(db, auth.org.id);
  if (existing.some((r) => r.action === input.action && r.cidr === cidr))
    throw new AppError('CONFLICT', `A ${input.action} rule for ${cidr} already exists`, {
      reason: 'duplicate',
    });
  if ((await countRules(db, auth.org.id)) >= MAX_IP_RULES)
    throw new AppError('CONFLICT', `An organisation may have at most ${MAX_IP_RULES} IP rules`, {
      reason: 'limit',
    });
  const proposed = [...existing, { action: input.action, cidr }];
  await guardOwners(db, auth, existing, proposed, ctx.now);
  guardSelfLockout(proposed, ctx.ip, input.force);
  const rule = await insertRule(db, {
    orgId: auth.org.id,
    action: input.action,
    cidr,
    note: input.note,
    createdBy: auth.user.id,
    createdAt: ctx.now,
  });
  await notifyRulesChanged(db, auth.org.id);
  return rule;
}

export async function removeRule(
  db: Executor,
  auth: AuthContext,
  id: string,
  ctx: { ip: string | null; force: boolean; now: Date },
) {
  await lockOrgRules(db, auth.org.id);
  const rule = await findRuleForUpdate(db, auth.org.id, id);
  if (!rule) throw new AppError('NOT_FOUND', 'IP rule not found');
  const existing = await ruleSetOf(db, auth.org.id);
  const remaining = existing.filter((r) => r.id !== rule.id);
  await guardOwners(db, auth, existing, remaining, ctx.now);
  guardSelfLockout(remaining, ctx.ip, ctx.force);
  await deleteRule(db, rule.id);
  await notifyRulesChanged(db, auth.org.id);
  return rule;
}

/**
 * What a would-be rule set does right now: the org's live sessions whose last address it would
 * block, the distinct people behind them (named up to PREVIEW_USERS_LIMIT), the caller, and the
 * owners it would newly block (which only an owner may do).
 */
export async function previewRules(
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
