import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { claimDueMail, markAttemptFailed, markSent, type OutboxRow } from './queries.js';
import {
  describeSendError,
  devMailboxTransport,
  type MailTransport,
  smtpTransport,
} from './transport.js';

const SECOND_MS = 1000;
const HOUR_MS = 60 * 60 * SECOND_MS;

/** How long a worker owns the rows it claimed; far above the SMTP timeouts (decision 014). */
export const CLAIM_LEASE_MS = 5 * 60 * SECOND_MS;
/** Rows claimed (and sent concurrently) at once. */
export const MAIL_BATCH_SIZE = 10;
/** A message that could not be sent for this long is given up (`failed`). */
export const GIVE_UP_AFTER_MS = 24 * HOUR_MS;
export const RETRY_BASE_MS = 30 * SECOND_MS;
export const RETRY_MAX_MS = HOUR_MS;

/**
 * Exponential backoff with jitter: 30 s, 1 min, 2 min … capped at an hour, each drawn from the
 * upper half of its step, so instances that failed together do not retry together.
 */
export function retryDelayMs(failedAttempts: number, random: () => number = Math.random): number {
  const step = Math.min(RETRY_BASE_MS * 2 ** Math.max(0, failedAttempts - 1), RETRY_MAX_MS);
  return Math.round(step / 2 + (step / 2) * random());
}

export interface MailRun {
  sent: number;
  retrying: number;
  failed: number;
}

export interface MailWorkerOptions {
  pollIntervalMs: number;
  batchSize?: number;
  smtpUrl?: string | undefined;
  /** How long a claim holds (default CLAIM_LEASE_MS): a dead worker's rows are due again after it. */
  claimLeaseMs?: number | undefined;
}

/**
 * Sends the outbox (DESIGN §9), on every instance: claims due rows, hands each to the transport
 * and marks it sent right after the server accepted it. Tests call `runOnce()`; `start()` polls.
 */
export class MailWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<MailRun> | undefined;
  private stopped = true;

  constructor(
    private readonly deps: { db: Database; clock: Clock; logger: Logger },
    private readonly transport: MailTransport,
    private readonly options: MailWorkerOptions,
  ) {}

  /** Sends everything due now, batch after batch; one run at a time per worker. */
  runOnce(): Promise<MailRun> {
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    this.transport.close();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runOnce()
        .catch((err: unknown) => this.deps.logger.warn({ err }, 'mail worker run failed'))
        .finally(() => this.schedule());
    }, this.options.pollIntervalMs);
    this.timer.unref();
  }

  private async drain(): Promise<MailRun> {
    const total: MailRun = { sent: 0, retrying: 0, failed: 0 };
    const limit = this.options.batchSize ?? MAIL_BATCH_SIZE;
    for (;;) {
      const now = this.deps.clock.now();
      const claimId = randomUUID();
      const rows = await claimDueMail(this.deps.db, {
        claimId,
        now,
        leaseEndsAt: new Date(now.getTime() + (this.options.claimLeaseMs ?? CLAIM_LEASE_MS)),
        limit,
      });
      const outcomes = await Promise.all(rows.map((row) => this.deliver(row, claimId)));
      for (const outcome of outcomes) total[outcome] += 1;
      if (rows.length < limit) return total;
    }
  }

  private async deliver(row: OutboxRow, claimId: string): Promise<keyof MailRun> {
    const { db, clock, logger } = this.deps;
    try {
      await this.transport.send(row);
    } catch (err: unknown) {
      const now = clock.now();
      const attempts = row.attempts + 1;
      const deadline = row.createdAt.getTime() + GIVE_UP_AFTER_MS;
      const giveUp = now.getTime() >= deadline;
      const next = Math.min(now.getTime() + retryDelayMs(attempts), deadline);
      const error = describeSendError(err, this.options.smtpUrl);
      await markAttemptFailed(
        db,
        { id: row.id, claimId },
        {
          error,
          nextAttemptAt: new Date(next),
          giveUp,
        },
      );
      logger.warn(
        { mailId: row.id, mailKind: row.kind, attempts, error },
        giveUp ? 'mail given up after 24 hours' : 'mail send failed; will retry',
      );
      return giveUp ? 'failed' : 'retrying';
    }
    // The step right after the server's 250: a crash between the two is the one window in
    // which the same Message-ID can go out twice (decision 014).
    if (!(await markSent(db, { id: row.id, claimId }, clock.now())))
      logger.warn(
        { mailId: row.id },
        'mail sent after its claim lapsed; another worker may resend it',
      );
    return 'sent';
  }
}

/** The worker main.ts starts: SMTP when SMTP_URL is set, the dev mailbox otherwise. */
export function createMailWorker(
  deps: { db: Database; clock: Clock; logger: Logger },
  config: {
    smtpUrl: string | undefined;
    mailFrom: string;
    mailPollIntervalMs: number;
    mailClaimLeaseMs?: number | undefined;
  },
): MailWorker {
  const transport = config.smtpUrl
    ? smtpTransport(config.smtpUrl, config.mailFrom)
    : devMailboxTransport(deps.logger);
  return new MailWorker(deps, transport, {
    pollIntervalMs: config.mailPollIntervalMs,
    smtpUrl: config.smtpUrl,
    claimLeaseMs: config.mailClaimLeaseMs,
  });
}
