import type { DatabaseHandle, Executor } from '../db/client.js';
import { HeardPayloads, notify, topicOf } from '../db/notify.js';
import type { NetworkPolicyStore, NetworkPolicyView } from '../http/network-policy-store.js';

/** The NOTIFY channel every instance listens on for IP rule changes. */
export const NETWORK_POLICY_CHANNEL = 'gh_ip_rules';
const PREFIX = 'ip:';
/** A cached rule set is re-read at least this often, whatever NOTIFY says. */
export const NETWORK_POLICY_TTL_MS = 60_000;
const MAX_ORGS = 10_000;

interface Entry {
  policy: NetworkPolicyView;
  cachedAt: number;
}

/**
 * Compiled rule sets by org, loaded on first use and dropped by `ip:<orgId>` messages sent in the
 * transaction that changes the rules (like the session cache, decision 003). While the listening
 * connection is down every check reads the database (fail closed).
 */
export class NetworkPolicies implements NetworkPolicyStore {
  private readonly byOrg = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<NetworkPolicyView>>();
  private epoch = 0;
  private listening: boolean;
  /** Payloads heard lately, so a writer can wait until its own NOTIFY came back. */
  private readonly heard = new HeardPayloads(() => this.listening);

  constructor(listening = true) {
    this.listening = listening;
  }

  get size(): number {
    return this.byOrg.size;
  }

  policyOf(
    orgId: string,
    nowMs: number,
    read: (orgId: string) => Promise<NetworkPolicyView>,
  ): NetworkPolicyView | Promise<NetworkPolicyView> {
    const cached = this.peek(orgId, nowMs);
    if (cached) return cached;
    const pending = this.loading.get(orgId);
    if (pending) return pending;
    const epochAtRead = this.epoch;
    const load = read(orgId)
      .then((policy) => {
        if (this.listening && epochAtRead === this.epoch) {
          if (this.byOrg.size >= MAX_ORGS) this.byOrg.clear();
          this.byOrg.set(orgId, { policy, cachedAt: nowMs });
        }
        return policy;
      })
      .finally(() => {
        if (this.loading.get(orgId) === load) this.loading.delete(orgId);
      });
    this.loading.set(orgId, load);
    return load;
  }

  peek(orgId: string, nowMs: number): NetworkPolicyView | undefined {
    if (!this.listening) return undefined;
    const entry = this.byOrg.get(orgId);
    return entry && nowMs - entry.cachedAt <= NETWORK_POLICY_TTL_MS ? entry.policy : undefined;
  }

  owns(payload: string): boolean {
    return payload.startsWith(PREFIX);
  }

  invalidate(payload: string): void {
    this.epoch += 1;
    // A load under way read the old rules: later callers must not join it.
    this.loading.clear();
    if (this.owns(payload)) this.byOrg.delete(topicOf(payload).slice(PREFIX.length));
    else this.byOrg.clear();
    this.heard.remember(payload);
  }

  connectionLost(): void {
    this.listening = false;
    this.epoch += 1;
    this.loading.clear();
    this.byOrg.clear();
  }

  connectionRestored(): void {
    this.epoch += 1;
    this.loading.clear();
    this.byOrg.clear();
    this.listening = true;
  }

  /** Resolves once this instance heard every payload (or after `timeoutMs`), as sessions do. */
  whenHeard(payloads: readonly string[], timeoutMs = 1_000): Promise<void> {
    return this.heard.whenHeard(payloads, timeoutMs);
  }
}

/** Tells every instance to reload the org's rules; delivered when the transaction commits. */
export async function notifyRulesChanged(db: Executor, orgId: string): Promise<void> {
  await notify(db, NETWORK_POLICY_CHANNEL, `${PREFIX}${orgId}`);
}

/** A cache subscribed to the rules channel; `stop` unsubscribes. */
export async function startNetworkPolicyCache(
  handle: Pick<DatabaseHandle, 'listen'>,
): Promise<{ cache: NetworkPolicies; stop: () => Promise<void> }> {
  const cache = new NetworkPolicies();
  const stop = await handle.listen(NETWORK_POLICY_CHANNEL, {
    onMessage: (payload) => cache.invalidate(payload),
    onDown: () => cache.connectionLost(),
    onUp: () => cache.connectionRestored(),
  });
  return { cache, stop };
}
