import { idParamsSchema, ipRuleDeleteQuerySchema, ipRulesResponseSchema } from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { displayAddress, notifyRulesChanged, ruleSetOf } from '../../network/index.js';
import { guardOwners } from './owners.js';
import { deleteRule, findRule, findRuleForUpdate } from './queries.js';
import { guardSelfLockout, listRules, lockOrgRules } from './service.js';

/**
 * A security admin (SETTINGS_SECURITY_EDIT, after step-up IP_RULE_CHANGE) deletes a rule of the
 * org. Refused: another org's or a missing rule (404), when the rest would block their own
 * address unless ?force=true (409), when a non-owner would block an owner (409
 * WOULD_BLOCK_OWNER), and a support session. Every other owner is alerted (the reaction to
 * IP_RULE_DELETED).
 */
export const deleteIpRule: Route = defineRoute(
  {
    method: 'delete',
    path: '/security/ip-rules/:id',
    impersonation: 'never',
    tag: 'ip-rules',
    access: 'session',
    permission: 'SETTINGS_SECURITY_EDIT',
    stepUp: 'IP_RULE_CHANGE',
    summary:
      'Delete a rule (409 if the rest would block your own address, unless ?force=true; 409 WOULD_BLOCK_OWNER if a non-owner would block an owner); every owner is alerted',
    params: idParamsSchema,
    query: ipRuleDeleteQuerySchema,
    response: ipRulesResponseSchema,
    audit: 'IP_RULE_DELETED',
    load: async ({ db, auth, params }) => {
      const rule = await findRule(db, auth.org.id, params.id);
      if (!rule) throw new AppError('NOT_FOUND', 'IP rule not found');
      return rule;
    },
    stepUpDescription: (_input, rule) => `Delete the IP rule: ${rule.action} ${rule.cidr}`,
  },
  async ({ db, auth, target, query, client, audit, now }) => {
    audit.set({
      targetType: 'ip_rule',
      targetId: target.id,
      before: { action: target.action, cidr: target.cidr, note: target.note },
    });
    const ctx = { ip: client.ip, force: query.force, now };
    await removeRule(db, auth, target.id, ctx);
    return { rules: await listRules(db, auth.org.id), yourIp: displayAddress(client.ip) };
  },
);

/** Checks and deletes a rule, and tells every instance the org's rules changed. */
async function removeRule(
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
