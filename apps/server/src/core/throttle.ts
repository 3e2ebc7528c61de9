import { and, eq, lte, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { throttleCounters } from '../db/schema/index.js';

export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

export const SIGN_IN_THROTTLE: ThrottleRule = { limit: 10, windowMs: 15 * 60 * 1000 };

/** Seconds until `key` may try again, or 0 when it is under its limit. */
export async function throttleWait(
  db: Executor,
  key: string,
  rule: ThrottleRule,
  now: Date,
): Promise<number> {
  const [row] = await db.select().from(throttleCounters).where(eq(throttleCounters.key, key));
  if (!row || row.windowEndsAt <= now || row.count < rule.limit) return 0;
  return (row.windowEndsAt.getTime() - now.getTime()) / 1000;
}

/** Counts one failure in a fixed window, atomically, in the table every instance shares. */
export async function recordFailure(
  db: Executor,
  key: string,
  rule: ThrottleRule,
  now: Date,
): Promise<void> {
  const windowEndsAt = new Date(now.getTime() + rule.windowMs);
  await db
    .insert(throttleCounters)
    .values({ key, count: 1, windowEndsAt })
    .onConflictDoUpdate({
      target: throttleCounters.key,
      set: {
        count: sql`case when ${throttleCounters.windowEndsAt} <= ${now} then 1 else ${throttleCounters.count} + 1 end`,
        windowEndsAt: sql`case when ${throttleCounters.windowEndsAt} <= ${now} then ${windowEndsAt} else ${throttleCounters.windowEndsAt} end`,
      },
    });
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.delete(throttleCounters).where(eq(throttleCounters.key, key));
}

/** Drops windows that ended; called by the sweeper. */
export async function purgeExpiredCounters(db: Executor, now: Date): Promise<void> {
  await db.delete(throttleCounters).where(and(lte(throttleCounters.windowEndsAt, now)));
}
