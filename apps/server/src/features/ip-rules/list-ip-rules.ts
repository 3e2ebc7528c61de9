import { ipRulesResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { displayAddress } from '../../network/index.js';
import { listRules } from './service.js';

/**
 * A security admin (SETTINGS_SECURITY_EDIT) reads the org's IP allow/deny rules and their own
 * address as the server sees it; anyone else is refused.
 */
export const listIpRules: Route = defineRoute(
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
);
