/** IP rules: the org's allow/deny CIDR rules, enforced at sign-in and on every session request. */
export { CLEARED_RULES_LISTED, type ClearedRules, clearOrgRules } from './clear.js';
export { ipRuleRoutes } from './routes.js';
