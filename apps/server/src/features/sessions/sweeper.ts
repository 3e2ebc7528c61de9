import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { AuditChainConfig } from '../../core/audit-checkpoints.js';
import { summariseEndedWindows } from '../../core/audit-windows.js';
import { purgeExpiredCounters } from '../../core/throttle.js';
import type { Database, Executor } from '../../db/client.js';
import { DEAD_KINDS, purgeExpiredGrantsAndChallenges, purgeSessionBatch } from './queries.js';

export const PURGE_BATCH_SIZE = 1_000;
export const SWEEP_INTERVAL_MS = 5 * 60 * 1000;

/** Purges every dead session in batches; returns how many went. */
export async function purgeExpiredSessions(
  db: Executor,
  now: Date,
  batchSize = PURGE_BATCH_SIZE,
): Promise<number> {
  let total = 0;
  for (const kind of DEAD_KINDS) {
    for (;;) {
      const deleted = await purgeSessionBatch(db, now, kind, batchSize);
      total += deleted;
      if (deleted < batchSize) break;
    }
  }
  await purgeExpiredGrantsAndChallenges(db, now);
  await purgeExpiredCounters(db, now);
  return total;
}

/** Runs the sweep on an interval (with jitter, so instances spread out); returns a stop function. */
export function startSweeper(
  db: Database,
  clock: Clock,
  logger: Logger,
  chain: AuditChainConfig,
  intervalMs = SWEEP_INTERVAL_MS,
): () => void {
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const deleted = await purgeExpiredSessions(db, clock.now());
      if (deleted > 0) logger.info({ deleted }, 'purged expired sessions');
      // Refusal windows that ended get their summary row (decision 013).
      while ((await summariseEndedWindows(db, clock.now(), chain)) > 0);
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
