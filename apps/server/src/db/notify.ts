import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from './client.js';

const sent = new AsyncLocalStorage<string[]>();

/** Makes every payload this process sends unique: `<topic>#<instance>.<sequence>`. */
const INSTANCE = randomBytes(4).toString('hex');
let sequence = 0;

/**
 * `pg_notify` inside the caller's transaction: delivered to every listener when it commits. The
 * topic (`u:<userId>`, …) gets a unique tag, so a writer waiting to hear its own message is not
 * satisfied by an earlier message about the same topic (it was, under load: decision 007).
 */
export async function notify(
  db: Pick<Executor, 'execute'>,
  channel: string,
  topic: string,
): Promise<void> {
  const payload = `${topic}${newTag()}`;
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
  markSent([payload]);
}

/**
 * A tag no payload of this process had (`#<instance>.<sequence>`), for a statement that sends
 * its own `pg_notify` (a payload is its topic and a tag); one tag serves every topic of a
 * statement, since the topics differ. The caller then `markSent`s what the statement sent.
 */
export function newTag(): string {
  sequence += 1;
  return `#${INSTANCE}.${sequence.toString(36)}`;
}

/** Records payloads a statement of the caller's sent (see `collectingNotifications`). */
export function markSent(payloads: readonly string[]): void {
  sent.getStore()?.push(...payloads);
}

/** The topic of a payload `notify` sent: what a listener acts on. */
export function topicOf(payload: string): string {
  const tag = payload.indexOf('#');
  return tag < 0 ? payload : payload.slice(0, tag);
}

/** Runs a use case and returns the payloads it sent, so the caller can wait to see them heard. */
export async function collectingNotifications<T>(work: () => Promise<T>): Promise<[T, string[]]> {
  const payloads: string[] = [];
  const result = await sent.run(payloads, work);
  return [result, payloads];
}

const HEARD_MAX = 10_000;
const HEARD_TTL_MS = 10_000;

/**
 * The payloads a listener heard lately, so a writer can wait until its own NOTIFY came back
 * (decision 007): Postgres delivers a commit's notifications to every listener at once, so when
 * this instance has heard them the others have them too.
 */
export class HeardPayloads {
  private readonly heard = new Map<string, number>();
  private readonly waiters = new Set<() => void>();

  /** `listening`: while the listener is down nothing will be heard, so nobody waits. */
  constructor(private readonly listening: () => boolean) {}

  /** Resolves once every payload was heard (or after `timeoutMs`). */
  whenHeard(payloads: readonly string[], timeoutMs = 1_000): Promise<void> {
    const pending = (): boolean => this.listening() && payloads.some((p) => !this.heard.has(p));
    if (!pending()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const check = (): void => {
        if (!pending()) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(check);
    });
  }

  remember(payload: string): void {
    const now = Date.now();
    this.heard.set(payload, now);
    if (this.heard.size > HEARD_MAX) {
      for (const [old, at] of this.heard) if (now - at > HEARD_TTL_MS) this.heard.delete(old);
      if (this.heard.size > HEARD_MAX) this.heard.clear();
    }
    for (const check of [...this.waiters]) check();
  }
}
