import type { RunningJob } from '../../audit/index.js';
import type { Clock } from '../../clock.js';
import { type Lease, releaseLease, renewLease, takeLease } from '../../core/lease.js';
import { addRequests, type ThrottleRule } from '../../core/throttle.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../http/errors.js';

/** An export or a full verify reads the org's whole log: the two jobs a caller can repeat. */
export type AuditJob = 'export' | 'verify';

/** How long a job's lease lasts unless renewed: what a crashed instance blocks at most. */
export const AUDIT_JOB_LEASE_MS = 60_000;
/** A handful a minute per org and job, across instances (throttle_counters). */
export const AUDIT_JOB_RULE: ThrottleRule = { limit: 5, windowMs: 60_000 };
/** A running job usually ends within seconds: ask again soon rather than after its lease. */
const RUNNING_RETRY_AFTER_SECONDS = 5;

const NAMES: Record<AuditJob, { one: string; many: string }> = {
  export: { one: 'An audit export', many: 'audit exports' },
  verify: { one: 'An audit verification', many: 'audit verifications' },
};

function limited(message: string, retryAfterSeconds: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError(
    'RATE_LIMITED',
    message,
    { retryAfterSeconds: seconds },
    { 'Retry-After': String(seconds) },
  );
}

/**
 * Claims the org's one slot for `job` and counts it against the per-minute rule, or refuses 429:
 * another one is running (on any instance), or the org used its allowance. Run it in a
 * transaction, so a refusal by the rule gives the slot back.
 */
export async function claimAuditJob(
  db: Executor,
  job: AuditJob,
  orgId: string,
  now: Date,
): Promise<Lease> {
  const key = `audit-${job}:org:${orgId}`;
  const lease = await takeLease(db, key, AUDIT_JOB_LEASE_MS, now);
  const name = NAMES[job];
  if (!lease) {
    throw limited(
      `${name.one} is already running for this organisation; try again when it has finished`,
      RUNNING_RETRY_AFTER_SECONDS,
    );
  }
  const { count, windowEndsAt } = await addRequests(db, key, 1, AUDIT_JOB_RULE, now);
  if (count > AUDIT_JOB_RULE.limit) {
    const wait = (windowEndsAt.getTime() - now.getTime()) / 1000;
    throw limited(
      `At most ${AUDIT_JOB_RULE.limit} ${name.many} a minute per organisation; try again in ${Math.ceil(wait)} s`,
      wait,
    );
  }
  return lease;
}

/** A claimed job's lease, kept alive while the job runs and given back when it ends. */
export function runningJob(db: Database, clock: Clock, lease: Lease): RunningJob {
  let renewedAt = clock.now().getTime();
  return {
    async keepAlive() {
      const now = clock.now();
      if (now.getTime() - renewedAt < AUDIT_JOB_LEASE_MS / 4) return;
      renewedAt = now.getTime();
      // A lease lost to a stall longer than its life lets a second job start; this one finishes.
      await renewLease(db, lease, AUDIT_JOB_LEASE_MS, now);
    },
    release: () => releaseLease(db, lease),
  };
}
