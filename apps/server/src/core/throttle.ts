import { and, eq, lte, sql } from 'drizzle-orm';
import ipaddr from 'ipaddr.js';
import type { Executor } from '../db/client.js';
import { throttleCounters } from '../db/schema/index.js';

export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

/**
 * The part of an address one attacker controls: IPv4 as is (an IPv4-mapped IPv6 address counts
 * as its IPv4), IPv6 by its /64, since one host usually holds a whole /64.
 */
export function addressKey(ip: string | null): string {
  if (!ip || !ipaddr.isValid(ip)) return 'unknown';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const prefix = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${prefix.map((part) => part.toString(16)).join(':')}::/64`;
}

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

/** How many attempts `key` made in its current window. */
export async function throttleCount(db: Executor, key: string, now: Date): Promise<number> {
  const [row] = await db.select().from(throttleCounters).where(eq(throttleCounters.key, key));
  return row && row.windowEndsAt > now ? row.count : 0;
}

/** Counts one attempt in a fixed window, atomically, in the table every instance shares. */
export async function recordFailure(
  db: Executor,
  key: string,
  rule: ThrottleRule,
  now: Date,
): Promise<void> {
  await addRequests(db, key, 1, rule, now);
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.delete(throttleCounters).where(eq(throttleCounters.key, key));
}

/** Drops windows that ended; called by the sweeper. */
export async function purgeExpiredCounters(db: Executor, now: Date): Promise<void> {
  await db.delete(throttleCounters).where(and(lte(throttleCounters.windowEndsAt, now)));
}

/**
 * Adds `n` requests to `key`'s fixed window (a new window when it ended), in one statement every
 * instance shares, and returns the window's total and end.
 */
export async function addRequests(
  db: Executor,
  key: string,
  n: number,
  rule: ThrottleRule,
  now: Date,
): Promise<{ count: number; windowEndsAt: Date }> {
  const windowEndsAt = new Date(now.getTime() + rule.windowMs);
  const [row] = await db
    .insert(throttleCounters)
    .values({ key, count: n, windowEndsAt })
    .onConflictDoUpdate({
      target: throttleCounters.key,
      set: {
        count: sql`case when ${throttleCounters.windowEndsAt} <= ${now} then ${n} else ${throttleCounters.count} + ${n} end`,
        windowEndsAt: sql`case when ${throttleCounters.windowEndsAt} <= ${now} then ${windowEndsAt} else ${throttleCounters.windowEndsAt} end`,
      },
    })
    .returning({ count: throttleCounters.count, windowEndsAt: throttleCounters.windowEndsAt });
  return row ?? { count: n, windowEndsAt };
}
