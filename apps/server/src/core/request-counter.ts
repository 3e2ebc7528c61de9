import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Executor } from '../db/client.js';
import { addRequests, type ThrottleRule } from './throttle.js';

/** How often an instance adds its unflushed requests to the shared counters. */
export const REQUEST_FLUSH_INTERVAL_MS = 1_000;

interface Tally {
  rule: ThrottleRule;
  /** The shared window's end, as the shared counter last answered. */
  windowEndsAt: number;
  /** The shared count the counter last answered (this instance's flushed requests included). */
  shared: number;
  /** Requests this instance admitted (or refused) in that window and has not yet flushed. */
  pending: number;
}

/**
 * Per-key request limits in the shared throttle counters, counted in memory and flushed in
 * batches (decision 011). The first request of a key's window on an instance writes through (it
 * learns the shared window and count); then requests are counted locally while they stay under
 * half of the budget left at the last answer, and one that would go past it adds the unflushed
 * requests and itself in one write and is decided on the answer, so a single instance is exact
 * near the limit. Other instances' requests are seen at the next write: over-admission is at most
 * what the instances take in about one flush interval.
 */
export class RequestCounter {
  private readonly tallies = new Map<string, Tally>();

  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  /** Seconds `key` must wait (the request was over its limit), or 0 when it is admitted. */
  async count(key: string, rule: ThrottleRule, now: Date): Promise<number> {
    const nowMs = now.getTime();
    const tally = this.tallies.get(key);
    if (!tally || tally.windowEndsAt <= nowMs) {
      // Requests not flushed before their window ended no longer count against anything.
      this.tallies.delete(key);
      return this.exact(key, rule, now, undefined);
    }
    const wait = (tally.windowEndsAt - nowMs) / 1000;
    if (tally.shared >= rule.limit) {
      // Shared counts only grow within a window: over already, without asking.
      tally.pending += 1;
      return wait;
    }
    if (tally.pending + 1 > (rule.limit - tally.shared) / 2)
      return this.exact(key, rule, now, tally);
    tally.pending += 1;
    return 0;
  }

  /** Adds every key's unflushed requests to the shared counters (the timer, tests, shutdown). */
  async flush(): Promise<void> {
    const now = this.clock.now();
    const writes: Promise<void>[] = [];
    for (const [key, tally] of this.tallies) {
      if (tally.windowEndsAt <= now.getTime()) {
        this.tallies.delete(key);
        continue;
      }
      const n = tally.pending;
      if (n === 0) continue;
      tally.pending = 0;
      writes.push(
        addRequests(this.db, key, n, tally.rule, now).then(
          (row) => this.learn(key, tally.rule, row),
          (err: unknown) => {
            tally.pending += n;
            throw err;
          },
        ),
      );
    }
    const results = await Promise.allSettled(writes);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Writes this request (and the window's unflushed ones) through, and decides on the total. */
  private async exact(
    key: string,
    rule: ThrottleRule,
    now: Date,
    tally: Tally | undefined,
  ): Promise<number> {
    const n = tally?.pending ?? 0;
    if (tally) tally.pending = 0;
    let row: { count: number; windowEndsAt: Date };
    try {
      row = await addRequests(this.db, key, n + 1, rule, now);
    } catch (err: unknown) {
      if (tally) tally.pending += n;
      throw err;
    }
    this.learn(key, rule, row);
    if (row.count <= rule.limit) return 0;
    return (row.windowEndsAt.getTime() - now.getTime()) / 1000;
  }

  /** Takes in a shared counter's answer (answers may arrive out of order). */
  private learn(key: string, rule: ThrottleRule, row: { count: number; windowEndsAt: Date }): void {
    const windowEndsAt = row.windowEndsAt.getTime();
    const tally = this.tallies.get(key);
    if (!tally || windowEndsAt > tally.windowEndsAt) {
      this.tallies.set(key, { rule, windowEndsAt, shared: row.count, pending: 0 });
    } else if (windowEndsAt === tally.windowEndsAt) {
      tally.shared = Math.max(tally.shared, row.count);
    }
  }
}

/**
 * A counter flushed every `intervalMs` (unref'd, so it never holds the process); `stop` ends the
 * timer and flushes what is left, before the database closes.
 */
export function startRequestCounter(
  db: Executor,
  clock: Clock,
  logger: Logger,
  intervalMs = REQUEST_FLUSH_INTERVAL_MS,
): { counter: RequestCounter; stop: () => Promise<void> } {
  const counter = new RequestCounter(db, clock);
  let running: Promise<void> | undefined;
  const tick = (): Promise<void> => {
    running ??= counter
      .flush()
      .catch((err: unknown) => logger.warn({ err }, 'request counter flush failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  const stop = async (): Promise<void> => {
    clearInterval(timer);
    await running;
    await tick();
  };
  return { counter, stop };
}
