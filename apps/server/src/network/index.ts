/**
 * The org's network policy, below the features: the CIDR matcher, the per-instance cache of each
 * org's compiled rules (LISTEN gh_ip_rules), and the checks the runner (every session and token
 * request) and sign-in make with it. The rules themselves are edited by features/ip-rules.
 */
export {
  NETWORK_POLICY_CHANNEL,
  NetworkPolicies,
  notifyRulesChanged,
  startNetworkPolicyCache,
} from './cache.js';
export { assertAddressAllowed, ipBlocked, networkChecker } from './enforce.js';
export {
  compilePolicy,
  displayAddress,
  EMPTY_POLICY,
  NetworkPolicy,
  type ParsedCidr,
  parseCidr,
  type RuleAction,
} from './matcher.js';
export { ruleSetOf } from './queries.js';
