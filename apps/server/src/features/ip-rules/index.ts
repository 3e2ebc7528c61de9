/** IP rules: the org's allow/deny CIDR rules, enforced at sign-in and on every session request. */
export {
  NETWORK_POLICY_CHANNEL,
  NetworkPolicies,
  startNetworkPolicyCache,
} from './cache.js';
export { CLEARED_RULES_LISTED, type ClearedRules, clearOrgRules } from './clear.js';
export { assertAddressAllowed, ipBlocked, networkChecker } from './enforce.js';
export { ipRuleRoutes } from './routes.js';
