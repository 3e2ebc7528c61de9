import type { Logger } from 'pino';
import type { AuditChainConfig } from '../../audit/index.js';
import { summariseEndedWindows } from '../../audit/index.js';
import type { Clock } from '../../clock.js';
import { every } from '../../core/every.js';
import { purgeExpiredCounters } from '../../core/throttle.js';
import type { Database, Executor } from '../../db/client.js';
import {
  DEAD_KINDS,
  purgeExpiredGrantsAndChallenges,
  purgeOrgExpiredGrants,
  purgeSessionBatch,
} from './queries.js';

export const PURGE_BATCH_SIZE = 1_000;
export const SWEEP_INTERVAL_MS = 5 * 60 * 1000;

/** Deletes dead sessions (of one org, or all) batch by batch; how many went. */
async function purgeDeadSessions(
  db: Executor,
  now: Date,
  batchSize: number,
  orgId?: string,
): Promise<number> {
  let total = 0;
  for (const kind of DEAD_KINDS) {
    for (;;) {
      const deleted = await purgeSessionBatch(db, now, kind, batchSize, orgId);
      total += deleted;
      if (deleted < batchSize) break;
    }
  }
  return total;
}

/** Purges every dead session in batches; returns how many went. */
export async function purgeExpiredSessions(
  db: Executor,
  now: Date,
  batchSize = PURGE_BATCH_SIZE,
): Promise<number> {
  const total = await purgeDeadSessions(db, now, batchSize);
  await purgeExpiredGrantsAndChallenges(db, now);
  await purgeExpiredCounters(db, now);
  return total;
}

/**
 * `POST /api/admin/sessions/cleanup`: the dead sessions (and stale grants) of one org, in the
 * same batches; how many sessions went. Another org's rows are its own and the sweeper's.
 */
export async function purgeOrgExpiredSessions(
  db: Executor,
  orgId: string,
  now: Date,
  batchSize = PURGE_BATCH_SIZE,
): Promise<number> {
  const total = await purgeDeadSessions(db, now, batchSize, orgId);
  await purgeOrgExpiredGrants(db, orgId, now);
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
  return every(
    async () => {
      const deleted = await purgeExpiredSessions(db, clock.now());
      if (deleted > 0) logger.info({ deleted }, 'purged expired sessions');
      // Refusal windows that ended get their summary row (decision 013).
      while ((await summariseEndedWindows(db, clock.now(), chain)) > 0);
    },
    { intervalMs, jitterMs: 10_000, logger, name: 'session sweep' },
  );
}
