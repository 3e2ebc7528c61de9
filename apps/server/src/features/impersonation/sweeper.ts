import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import { every } from '../../core/every.js';
import type { AppDeps } from '../../deps.js';
import { runJob } from '../../http/job.js';
import { UNAUDITED_ORIGIN } from '../../http/route-steps.js';
import { recordSupportSessionEnd } from './ending.js';
import { endedUnrecordedSupportSessions } from './queries.js';

/** Support sessions whose end is recorded per transaction. */
const END_BATCH = 100;
/** An expired support session is mailed about within about this long. */
export const SUPPORT_SWEEP_INTERVAL_MS = 60 * 1000;

/** The database, the audit chain's keys, and the reactions that mail the users. */
export type SupportSweepDeps = Pick<AppDeps, 'db' | 'keys' | 'config' | 'reactions'>;

/**
 * Records the end of support sessions nobody exited (expired, signed out, invalidated): their
 * reads' summary, IMPERSONATION_ENDED and the user's email (its reaction), in one transaction with
 * the mark that makes it once. Rows are taken with SKIP LOCKED, so several instances share the
 * work. Returns how many ends were recorded.
 */
export function recordEndedSupportSessions(deps: SupportSweepDeps, now: Date): Promise<number> {
  // An event of no request: each end names its org and administrator (recordSupportSessionEnd).
  // The job appends the batch at once: it takes the orgs' chain locks in key order, so two
  // instances sweeping sessions of the same orgs never wait on each other in a circle.
  return runJob(deps, UNAUDITED_ORIGIN, now, async (db, audit) => {
    const ended = await endedUnrecordedSupportSessions(db, now, END_BATCH);
    let recorded = 0;
    for (const found of ended)
      if (await recordSupportSessionEnd(db, { audit, now }, found)) recorded += 1;
    return { result: recorded };
  });
}

/** Runs the end-recording sweep on an interval (with jitter); returns a stop function. */
export function startSupportSessionSweeper(
  deps: SupportSweepDeps,
  clock: Clock,
  logger: Logger,
  intervalMs = SUPPORT_SWEEP_INTERVAL_MS,
): () => void {
  return every(
    async () => {
      while ((await recordEndedSupportSessions(deps, clock.now())) >= END_BATCH);
    },
    { intervalMs, jitterMs: 5_000, logger, name: 'support session sweep' },
  );
}
