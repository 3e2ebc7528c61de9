import {
  idParamsSchema,
  ipRuleCreatedResponseSchema,
  ipRuleCreateRequestSchema,
  ipRuleDeleteQuerySchema,
  ipRulesPreviewRequestSchema,
  ipRulesPreviewResponseSchema,
  ipRulesResponseSchema,
} from '@gatehouse/shared';
import { AppError } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { displayAddress } from '../../network/index.js';
import { findRule } from './queries.js';
import { createRule, listRules, previewRules, removeRule } from './service.js';

/** `/api/security/ip-rules`: list, add, delete and preview the org's network rules. */
export function ipRuleRoutes(): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/security/ip-rules',
        tag: 'ip-rules',
        access: 'session',
        permission: 'SETTINGS_SECURITY_EDIT',
        summary: "The org's IP allow/deny rules and the caller's address as the server sees it",
        response: ipRulesResponseSchema,
      },
      async ({ db, auth, client }) => ({
        rules: await listRules(db, auth.org.id),
        yourIp: displayAddress(client.ip),
      }),
    ),
    defineRoute(
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
    ),
    defineRoute(
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
    ),
    defineRoute(
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
      ({ db, auth, body, client, now }) =>
        previewRules(db, auth, body.rules, { ip: client.ip, now }),
    ),
  ];
}
