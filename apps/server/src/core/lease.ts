import { randomUUID } from 'node:crypto';
import { and, eq, lte } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { leases } from '../db/schema/index.js';

/** A lease this process holds: `holder` tells its renewals and release from a later holder's. */
export interface Lease {
  key: string;
  holder: string;
}

/**
 * Takes the lease `key` for `ttlMs` of the injected clock, unless someone else holds it and it
 * has not lapsed: one statement, atomic on every instance (a row lock orders two takers, and
 * in a transaction the loser waits for the winner's commit). Undefined when it is held.
 */
export async function takeLease(
  db: Executor,
  key: string,
  ttlMs: number,
  now: Date,
): Promise<Lease | undefined> {
  const holder = randomUUID();
  const expiresAt = new Date(now.getTime() + ttlMs);
  const [row] = await db
    .insert(leases)
    .values({ key, holder, expiresAt })
    .onConflictDoUpdate({
      target: leases.key,
      set: { holder, expiresAt },
      // A holder that crashed (or stopped renewing) loses the lease once it lapses.
      setWhere: lte(leases.expiresAt, now),
    })
    .returning({ holder: leases.holder });
  return row?.holder === holder ? { key, holder } : undefined;
}

/** Extends a held lease; false when it lapsed and someone else took it. */
export async function renewLease(
  db: Executor,
  lease: Lease,
  ttlMs: number,
  now: Date,
): Promise<boolean> {
  const renewed = await db
    .update(leases)
    .set({ expiresAt: new Date(now.getTime() + ttlMs) })
    .where(and(eq(leases.key, lease.key), eq(leases.holder, lease.holder)))
    .returning({ key: leases.key });
  return renewed.length === 1;
}

/** Gives the lease up; a later holder's lease of the same name is left alone. */
export async function releaseLease(db: Executor, lease: Lease): Promise<void> {
  await db.delete(leases).where(and(eq(leases.key, lease.key), eq(leases.holder, lease.holder)));
}
