/**
 * What the app holds of the network layer's cache of compiled rule sets (the class lives in
 * network/cache.ts): declared here so `AppDeps` and the runner name an interface, not the class.
 */
export interface NetworkPolicyView {
  /** The org has no rules: the hot path checks only this. */
  readonly empty: boolean;
  allows(ip: string | null): boolean;
}

export interface NetworkPolicyStore {
  /**
   * The org's compiled rules: at once from memory, or (first use, after an invalidation, or while
   * the listener is down) from `read`, once for concurrent callers.
   */
  policyOf(
    orgId: string,
    nowMs: number,
    read: (orgId: string) => Promise<NetworkPolicyView>,
  ): NetworkPolicyView | Promise<NetworkPolicyView>;
  /** The org's compiled rules if memory holds them (fresh, listener up); never reads. */
  peek(orgId: string, nowMs: number): NetworkPolicyView | undefined;
  /** Whether a NOTIFY payload is one of this store's (the runner waits on the right listener). */
  owns(payload: string): boolean;
  invalidate(payload: string): void;
  whenHeard(payloads: readonly string[], timeoutMs?: number): Promise<void>;
}
