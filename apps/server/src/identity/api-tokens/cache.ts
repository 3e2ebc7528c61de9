import type { SessionStore } from '../../http/session-store.js';
import type { ApiTokenRow } from './queries.js';

/** A cached token is re-read from the database at least this often, whatever NOTIFY says. */
export const API_TOKEN_CACHE_TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  row: ApiTokenRow;
  cachedAt: number;
}

/**
 * Validated API tokens by hash, on one instance. A revocation sends `t:<tokenId>` on the session
 * channel in its transaction, and every instance drops the token before the revoke answers
 * (decision 011); while the listening connection is down nothing is served from here.
 */
export class ApiTokenCache {
  private readonly byHash = new Map<string, Entry>();
  private readonly hashById = new Map<string, string>();
  private epoch = 0;
  /** Tokens whose last-use write is under way, so a burst writes it once. */
  readonly touching = new Set<string>();

  constructor(private readonly store: SessionStore) {
    store.subscribe('t:', (id) => this.invalidate(id));
  }

  get currentEpoch(): number {
    return this.epoch;
  }

  get(hash: string, nowMs: number): ApiTokenRow | undefined {
    if (!this.store.isListening) return undefined;
    const entry = this.byHash.get(hash);
    if (!entry) return undefined;
    if (nowMs - entry.cachedAt > API_TOKEN_CACHE_TTL_MS) {
      this.drop(hash);
      return undefined;
    }
    return entry.row;
  }

  /** Caches a row unless an invalidation arrived since `epochAtRead`. */
  set(hash: string, row: ApiTokenRow, nowMs: number, epochAtRead: number): void {
    if (!this.store.isListening || epochAtRead !== this.epoch) return;
    if (this.byHash.size >= MAX_ENTRIES) this.invalidate(null);
    this.byHash.set(hash, { row, cachedAt: nowMs });
    this.hashById.set(row.id, hash);
  }

  /** Records a last use on the cached row (it was written to the database). */
  touched(tokenId: string, at: Date, ip: string | null): void {
    const hash = this.hashById.get(tokenId);
    const entry = hash ? this.byHash.get(hash) : undefined;
    if (entry) entry.row = { ...entry.row, lastUsedAt: at, lastUsedIp: ip };
  }

  private invalidate(tokenId: string | null): void {
    this.epoch += 1;
    if (tokenId === null) {
      this.byHash.clear();
      this.hashById.clear();
      return;
    }
    const hash = this.hashById.get(tokenId);
    if (hash) this.drop(hash);
  }

  private drop(hash: string): void {
    const entry = this.byHash.get(hash);
    this.byHash.delete(hash);
    if (entry) this.hashById.delete(entry.row.id);
  }
}

const caches = new WeakMap<SessionStore, ApiTokenCache>();

/** The token cache beside an app's session cache (one per instance, fed by the same LISTEN). */
export function apiTokenCacheOf(store: SessionStore): ApiTokenCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new ApiTokenCache(store);
    caches.set(store, cache);
  }
  return cache;
}
