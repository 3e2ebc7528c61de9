import type { SessionRow } from '../db/rows.js';
import type { AuthContext } from './auth-context.js';

/**
 * What the app holds of the identity core's cache of validated sessions (the class lives in
 * identity/sessions/cache.ts): declared here so `AppDeps` names an interface, not the class.
 */
export interface SessionStore {
  readonly size: number;
  readonly isListening: boolean;
  readonly currentEpoch: number;
  /** Sessions whose last-seen touch is under way, so a burst of requests writes it once. */
  readonly touching: Set<string>;
  get(tokenHash: string, nowMs: number): AuthContext | undefined;
  set(tokenHash: string, auth: AuthContext, nowMs: number, epochAtRead: number): void;
  update(tokenHash: string, session: SessionRow): void;
  updateSession(session: SessionRow): void;
  invalidate(payload: string): void;
  /**
   * Another cache on the same channel: `listener(id)` for each payload `<prefix><id>`, and
   * `listener(null)` whenever everything must be forgotten (the listening connection dropped).
   */
  subscribe(prefix: string, listener: (id: string | null) => void): void;
  whenHeard(payloads: readonly string[], timeoutMs?: number): Promise<void>;
}
