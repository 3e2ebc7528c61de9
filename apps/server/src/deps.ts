import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { AppConfig } from './config.js';
import type { GeoLookup } from './core/geo.js';
import type { Keys } from './core/keys.js';
import type { RequestCounter } from './core/request-counter.js';
import type { Database } from './db/client.js';
import type { NetworkPolicyStore } from './http/network-policy-store.js';
import type { Reactions } from './http/reactions.js';
import type { SessionStore } from './http/session-store.js';

/** Work started off the response path; tracked so shutdown (and tests) can wait for it. */
export class BackgroundTasks {
  private readonly pending = new Set<Promise<unknown>>();
  constructor(private readonly logger: Logger) {}
  run(label: string, task: () => Promise<unknown>): void {
    const promise = task()
      .catch((err: unknown) => this.logger.warn({ err, task: label }, 'background task failed'))
      .finally(() => this.pending.delete(promise));
    this.pending.add(promise);
  }
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

/** Everything the app is built from; nothing below main.ts reads the environment or the time. */
export interface AppDeps {
  db: Database;
  ping(): Promise<void>;
  /**
   * The database handle's catch-up on its LISTEN connections (decision 020); unset (or
   * `undefined` returned): nothing to wait for, as on PGlite.
   */
  caughtUp?: () => Promise<void> | undefined;
  clock: Clock;
  config: AppConfig;
  /** Every key, derived from APP_SECRET once at start. */
  keys: Keys;
  logger: Logger;
  background: BackgroundTasks;
  sessionCache: SessionStore;
  /** Each org's compiled IP rules, cached per instance and dropped by NOTIFY. */
  networkPolicies: NetworkPolicyStore;
  /** Per-key request limits, counted locally and flushed to the shared counters. */
  requestCounter: RequestCounter;
  geo: GeoLookup;
  /**
   * What the capabilities do on audit events (alerts, mails), run by the route runner and by
   * `runJob` in the change's transaction; `createApp` sets it from FEATURES (decision 019).
   */
  reactions?: Reactions;
}
