import type { DatabaseHandle, Executor } from '../../db/client.js';
import { HeardPayloads, markSent, newTag, notify, topicOf } from '../../db/notify.js';
import type { SessionRow } from '../../db/rows.js';
import type { AuthContext } from '../../http/auth-context.js';
import type { SessionStore } from '../../http/session-store.js';

/** The NOTIFY channel every instance listens on for session invalidations. */
export const SESSION_CHANNEL = 'gh_sessions';

/** A cached entry is re-read from the database at least this often, whatever NOTIFY says. */
export const SESSION_CACHE_TTL_MS = 60_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  auth: AuthContext;
  cachedAt: number;
}

/**
 * Validated sessions by token hash. Entries are dropped by NOTIFY messages (`s:<sessionId>`,
 * `u:<userId>`) sent in the transaction that changes them; while the listening connection is
 * down nothing is served from the cache (fail closed).
 */
export class SessionCache implements SessionStore {
  private readonly byToken = new Map<string, Entry>();
  private readonly tokenBySession = new Map<string, string>();
  /** Bumped by every invalidation, so a read that raced one is not cached. */
  private epoch = 0;
  private listening: boolean;
  /** Sessions whose last-seen touch is under way, so a burst of requests writes it once. */
  readonly touching = new Set<string>();
  /** Payloads heard lately, so a writer can wait until its own NOTIFY came back. */
  private readonly heard = new HeardPayloads(() => this.listening);
  /** Other caches fed by this channel (API tokens), by payload prefix. */
  private readonly subscribers = new Map<string, (id: string | null) => void>();

  constructor(listening = true) {
    this.listening = listening;
  }

  get size(): number {
    return this.byToken.size;
  }

  get isListening(): boolean {
    return this.listening;
  }

  get currentEpoch(): number {
    return this.epoch;
  }

  get(tokenHash: string, nowMs: number): AuthContext | undefined {
    if (!this.listening) return undefined;
    const entry = this.byToken.get(tokenHash);
    if (!entry) return undefined;
    if (nowMs - entry.cachedAt > SESSION_CACHE_TTL_MS) {
      this.drop(tokenHash);
      return undefined;
    }
    return entry.auth;
  }

  /** Caches a lookup unless an invalidation arrived since `epochAtRead`. */
  set(tokenHash: string, auth: AuthContext, nowMs: number, epochAtRead: number): void {
    if (!this.listening || epochAtRead !== this.epoch) return;
    if (this.byToken.size >= MAX_ENTRIES) this.clear();
    this.byToken.set(tokenHash, { auth, cachedAt: nowMs });
    this.tokenBySession.set(auth.session.id, tokenHash);
  }

  /** Replaces the session row of a cached entry (after a touch), keeping its age. */
  update(tokenHash: string, session: SessionRow): void {
    const entry = this.byToken.get(tokenHash);
    if (entry) entry.auth = { ...entry.auth, session };
  }

  /** The same, addressed by session id (the refresh route has the row, not the lookup). */
  updateSession(session: SessionRow): void {
    const tokenHash = this.tokenBySession.get(session.id);
    if (tokenHash) this.update(tokenHash, session);
  }

  subscribe(prefix: string, listener: (id: string | null) => void): void {
    this.subscribers.set(prefix, listener);
  }

  /** Applies one NOTIFY payload. */
  invalidate(payload: string): void {
    this.heard.remember(payload);
    const topic = topicOf(payload);
    const [kind, id] = [topic.slice(0, 2), topic.slice(2)];
    const subscriber = this.subscribers.get(kind);
    if (subscriber) {
      subscriber(id);
      return;
    }
    this.epoch += 1;
    if (kind === 's:') {
      const token = this.tokenBySession.get(id);
      if (token) this.drop(token);
    } else if (kind === 'u:' || kind === 'o:') {
      for (const [token, entry] of this.byToken) {
        const owner = kind === 'u:' ? entry.auth.user.id : entry.auth.org.id;
        if (owner === id) this.drop(token);
      }
    } else {
      this.clear();
    }
  }

  clear(): void {
    this.epoch += 1;
    for (const subscriber of this.subscribers.values()) subscriber(null);
    this.byToken.clear();
    this.tokenBySession.clear();
  }

  /** The listening connection dropped: forget everything and stop serving from memory. */
  connectionLost(): void {
    this.listening = false;
    this.clear();
  }

  connectionRestored(): void {
    this.clear();
    this.listening = true;
  }

  /**
   * Resolves once this instance's listener has heard every payload (or after `timeoutMs`). A
   * write waits for this before it answers, so the revoked session's very next request is refused
   * on every instance.
   */
  whenHeard(payloads: readonly string[], timeoutMs = 1_000): Promise<void> {
    return this.heard.whenHeard(payloads, timeoutMs);
  }

  private drop(token: string): void {
    const entry = this.byToken.get(token);
    this.byToken.delete(token);
    if (entry) this.tokenBySession.delete(entry.auth.session.id);
  }
}

/** Tells every instance to drop these sessions; delivered when the enclosing transaction commits. */
export async function notifySessionsChanged(
  db: Executor,
  sessionIds: readonly string[],
): Promise<void> {
  for (const id of sessionIds) await notify(db, SESSION_CHANNEL, `s:${id}`);
}

/** `notifySessionsChanged`'s NOTIFYs, sent by the statement that changes the sessions itself. */
export interface SessionsNotice {
  channel: string;
  prefix: string;
  tag: string;
}
export const sessionsNotice = (): SessionsNotice => ({
  channel: SESSION_CHANNEL,
  prefix: 's:',
  tag: newTag(),
});
/** Records what a statement sent with `notice` for these sessions. */
export function sessionsNoticed(notice: SessionsNotice, sessionIds: readonly string[]): void {
  markSent(sessionIds.map((id) => `${notice.prefix}${id}${notice.tag}`));
}

/** Tells every instance to drop all sessions of a user (session_version, role, disable). */
export async function notifyUserChanged(db: Executor, userId: string): Promise<void> {
  await notify(db, SESSION_CHANNEL, `u:${userId}`);
}

/** Tells every instance to forget an API token (revoked): `t:<tokenId>`. */
export async function notifyApiTokenChanged(db: Executor, tokenId: string): Promise<void> {
  await notify(db, SESSION_CHANNEL, `t:${tokenId}`);
}

export async function notifyOrgChanged(db: Executor, orgId: string): Promise<void> {
  await notify(db, SESSION_CHANNEL, `o:${orgId}`);
}

/** A cache subscribed to the invalidation channel; `stop` unsubscribes. */
export async function startSessionCache(
  handle: Pick<DatabaseHandle, 'listen'>,
): Promise<{ cache: SessionCache; stop: () => Promise<void> }> {
  const cache = new SessionCache();
  const stop = await handle.listen(SESSION_CHANNEL, {
    onMessage: (payload) => cache.invalidate(payload),
    onDown: () => cache.connectionLost(),
    onUp: () => cache.connectionRestored(),
  });
  return { cache, stop };
}
