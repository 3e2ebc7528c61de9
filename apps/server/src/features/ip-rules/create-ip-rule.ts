import {
  type IpRuleAction,
  ipRuleCreatedResponseSchema,
  ipRuleCreateRequestSchema,
  MAX_IP_RULES,
} from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { displayAddress, notifyRulesChanged, ruleSetOf } from '../../network/index.js';
import { guardOwners } from './owners.js';
import { countRules, insertRule } from './queries.js';
import { guardSelfLockout, listRules, lockOrgRules, parseOrRefuse } from './service.js';

/**
 * A security admin (SETTINGS_SECURITY_EDIT, after step-up IP_RULE_CHANGE) adds an allow or deny
 * rule. Refused: an address that is not one (422), a duplicate or past the limit (409), a rule
 * that would block their own address unless forced (409), a non-owner's rule that would block an
 * owner (409 WOULD_BLOCK_OWNER, force or not), and a support session. Every other owner is
 * alerted (the reaction to IP_RULE_CREATED).
 */
export const createIpRule: Route = defineRoute(
  {
    method: 'post',
    path: '/security/ip-rules',
    impersonation: 'never',
    tag: 'ip-rules',
    access: 'session',
    permission: 'SETTINGS_SECURITY_EDIT',
    stepUp: 'IP_RULE_CHANGE',
    stepUpDescription: ({ body }) => `Add the IP rule: ${body.action} ${body.cidr}`,
    status: 201,
    summary:
      'Add an allow or deny rule (409 if it would block your own address, unless force; 409 WOULD_BLOCK_OWNER if a non-owner would block an owner); every owner is alerted',
    body: ipRuleCreateRequestSchema,
    response: ipRuleCreatedResponseSchema,
    audit: 'IP_RULE_CREATED',
  },
  async ({ db, auth, body, client, audit, now }) => {
    audit.set({
      targetType: 'ip_rule',
      after: { action: body.action, cidr: body.cidr, note: body.note },
    });
    const rule = await createRule(db, auth, body, { ip: client.ip, now });
    audit.set({ targetId: rule.id, after: { cidr: rule.cidr } });
    return {
      rule: { id: rule.id },
      rules: await listRules(db, auth.org.id),
      yourIp: displayAddress(client.ip),
    };
  },
);

/** Checks and saves a new rule, and tells every instance the org's rules changed. */
async function createRule(
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
