import type { Logger } from 'pino';
import type { AuditChainConfig } from '../../audit/index.js';
import { AuditEmitter, type AuditRowInput, appendAuditRows } from '../../audit/index.js';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/client.js';
import { recordSupportSessionEnd } from './ending.js';
import { endedUnrecordedSupportSessions } from './queries.js';

/** Support sessions whose end is recorded per transaction. */
const END_BATCH = 100;
/** An expired support session is mailed about within about this long. */
export const SUPPORT_SWEEP_INTERVAL_MS = 60 * 1000;

export interface SupportSweepDeps {
  db: Database;
  appUrl: URL;
  chain: AuditChainConfig;
}

/**
 * Records the end of support sessions nobody exited (expired, signed out, invalidated): their
 * reads' summary, IMPERSONATION_ENDED and the user's email, in one transaction with the mark
 * that makes it once. Rows are taken with SKIP LOCKED, so several instances share the work.
 * Returns how many ends were recorded.
 */
export function recordEndedSupportSessions(deps: SupportSweepDeps, now: Date): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const ended = await endedUnrecordedSupportSessions(tx, now, END_BATCH);
    const rows: AuditRowInput[] = [];
    let recorded = 0;
    for (const found of ended) {
      // An event of no request: who acted is set from the support session, from nowhere.
      const audit = new AuditEmitter({ orgId: null, actorUserId: null, ip: null, userAgent: null });
      if (!(await recordSupportSessionEnd(tx, { audit, appUrl: deps.appUrl, now }, found)))
        continue;
      rows.push(...audit.successRows(undefined));
      recorded += 1;
    }
    // One append for the batch: it takes the orgs' chain locks in key order, so two instances
    // sweeping sessions of the same orgs never wait on each other in a circle.
    if (rows.length > 0) await appendAuditRows(tx, rows, now, deps.chain);
    return recorded;
  });
}

/** Runs the end-recording sweep on an interval (with jitter); returns a stop function. */
export function startSupportSessionSweeper(
  deps: SupportSweepDeps,
  clock: Clock,
  logger: Logger,
  intervalMs = SUPPORT_SWEEP_INTERVAL_MS,
): () => void {
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      while ((await recordEndedSupportSessions(deps, clock.now())) >= END_BATCH);
    } catch (err: unknown) {
      logger.warn({ err }, 'support session sweep failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs + Math.floor(Math.random() * 5_000));
  timer.unref();
  return () => clearInterval(timer);
}
