/** IP rules: the org's allow/deny CIDR rules, enforced at sign-in and on every session request. */
import type { Feature } from '../../http/feature.js';
import { ipRulesReactions } from './reactions.js';
import { ipRuleRoutes } from './routes.js';

export { CLEARED_RULES_LISTED, type ClearedRules, clearOrgRules } from './clear.js';

export const ipRulesFeature: Feature = { routes: ipRuleRoutes, reactions: ipRulesReactions };
