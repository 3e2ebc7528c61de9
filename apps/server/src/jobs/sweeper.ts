import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { purgeExpiredCounters } from '../core/throttle.js';
import type { Database } from '../db/client.js';

export const PURGE_BATCH_SIZE = 1_000;
/** Revoked rows stay a day, so "recent activity" can still show what happened. */
const REVOKED_RETENTION_MS = 24 * 60 * 60 * 1000;
export const SWEEP_INTERVAL_MS = 5 * 60 * 1000;

/** What makes a session dead, each with the index that finds it in expiry order. */
const DEAD_BY = {
  // sessions_idle_expires_idx. The check sessions_idle_within_absolute keeps idle ≤ absolute, so
  // this also finds every absolutely expired row; a second pass over the absolute index would
  // have to step over the index entries of all the rows this pass just deleted (one slow scan).
  expired: (now: Date) => sql`idle_expires_at <= ${now} order by idle_expires_at`,
  // sessions_revoked_at_idx (partial: revoked rows only)
  revoked: (now: Date) =>
    sql`revoked_at is not null and revoked_at <= ${new Date(now.getTime() - REVOKED_RETENTION_MS)} order by revoked_at`,
} as const;

export type DeadKind = keyof typeof DEAD_BY;

/**
 * Deletes one batch of dead sessions of one kind. Walking one index in order with a LIMIT stops
 * after `batchSize` rows (an OR of the three would build a bitmap of every dead row each time);
 * `FOR UPDATE SKIP LOCKED` lets several instances sweep at once without waiting on each other.
 */
export async function purgeSessionBatch(
  db: Database,
  now: Date,
  kind: DeadKind,
  batchSize = PURGE_BATCH_SIZE,
): Promise<number> {
  const result = await db.execute(sql`
    with doomed as (
      select id from sessions where ${DEAD_BY[kind](now)}
      limit ${batchSize}
      for update skip locked
    )
    delete from sessions using doomed where sessions.id = doomed.id`);
  return affectedRows(result);
}

/** Purges every dead session in batches; returns how many went. */
export async function purgeExpiredSessions(
  db: Database,
  now: Date,
  batchSize = PURGE_BATCH_SIZE,
): Promise<number> {
  let total = 0;
  for (const kind of Object.keys(DEAD_BY) as DeadKind[]) {
    for (;;) {
      const deleted = await purgeSessionBatch(db, now, kind, batchSize);
      total += deleted;
      if (deleted < batchSize) break;
    }
  }
  await db.execute(sql`delete from step_up_grants where expires_at <= ${now}`);
  await db.execute(sql`delete from mfa_challenges where expires_at <= ${now}`);
  await purgeExpiredCounters(db, now);
  return total;
}

/** node-postgres reports `rowCount`, PGlite `affectedRows`. */
function affectedRows(result: unknown): number {
  if (result && typeof result === 'object') {
    if ('rowCount' in result && typeof result.rowCount === 'number') return result.rowCount;
    if ('affectedRows' in result && typeof result.affectedRows === 'number')
      return result.affectedRows;
  }
  return 0;
}

/** Runs the sweep on an interval (with jitter, so instances spread out); returns a stop function. */
export function startSweeper(
  db: Database,
  clock: Clock,
  logger: Logger,
  intervalMs = SWEEP_INTERVAL_MS,
): () => void {
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const deleted = await purgeExpiredSessions(db, clock.now());
      if (deleted > 0) logger.info({ deleted }, 'purged expired sessions');
    } catch (err: unknown) {
      logger.warn({ err }, 'session sweep failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs + Math.floor(Math.random() * 10_000));
  timer.unref();
  return () => clearInterval(timer);
}
