import type { Executor } from '../db/client.js';
import type { AppDeps } from '../deps.js';
import { AppError } from '../http/errors.js';
import type { NetworkPolicyView } from '../http/network-policy-store.js';
import type { RequestCheck } from '../http/route-def.js';
import { compilePolicy, displayAddress } from './matcher.js';
import { ruleSetOf } from './queries.js';

type PolicyDeps = Pick<AppDeps, 'db' | 'networkPolicies' | 'clock'>;

export function ipBlocked(ip: string | null): AppError {
  return new AppError('IP_BLOCKED', 'Your organisation does not allow access from this network', {
    ip: displayAddress(ip),
  });
}

function reader(db: Executor): (orgId: string) => Promise<NetworkPolicyView> {
  return async (orgId) => compilePolicy(await ruleSetOf(db, orgId));
}

function judge(policy: NetworkPolicyView, ip: () => string | null): void {
  if (policy.empty) return;
  const address = ip();
  if (!policy.allows(address)) throw ipBlocked(address);
}

/**
 * Refuses (403 IP_BLOCKED) an address the org's rules block. For any principal: sign-in, API
 * tokens. Synchronous when the org's rules are cached. Inside a transaction pass it as `db`: a
 * miss is then read in that transaction and not shared with other callers — joining a load on
 * the pool while holding a transaction could wait on itself (PGlite has one connection).
 */
export function assertAddressAllowed(
  deps: PolicyDeps,
  orgId: string,
  ip: string | null,
  db?: Executor,
): void | Promise<void> {
  const nowMs = deps.clock.now().getTime();
  if (db && db !== deps.db) {
    const cached = deps.networkPolicies.peek(orgId, nowMs);
    if (cached) return judge(cached, () => ip);
    return reader(db)(orgId).then((p) => judge(p, () => ip));
  }
  const policy = deps.networkPolicies.policyOf(orgId, nowMs, reader(deps.db));
  if (policy instanceof Promise) return policy.then((p) => judge(p, () => ip));
  judge(policy, () => ip);
}

/**
 * The runner's check of every session and API-token request (a RequestCheck's `admit`; a route
 * marked `anyNetwork`, signing out, is let through). An org without rules
 * costs a map lookup; the address (`req.ip` walks the forwarded chain) is read only when there
 * are rules. The session is not revoked: from an allowed network it works again.
 */
export function networkChecker(deps: PolicyDeps): RequestCheck {
  const read = reader(deps.db);
  const store = deps.networkPolicies;
  return {
    admit(auth, req, def, now) {
      if (def.anyNetwork) return;
      const policy = store.policyOf(auth.org.id, now.getTime(), read);
      const ip = (): string | null => req.ip ?? null;
      if (policy instanceof Promise) return policy.then((p) => judge(p, ip));
      judge(policy, ip);
    },
  };
}
