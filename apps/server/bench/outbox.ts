import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { systemClock } from '../src/clock.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { enqueueMail, MailWorker, smtpTransport } from '../src/mail/index.js';
import { fmt, type Row } from './http-rows.js';

const MAILS = Number(process.env.BENCH_MAILS ?? 2_000);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** A local SMTP server that accepts and drops everything. */
async function startSink(): Promise<{
  port: number;
  received: () => number;
  stop(): Promise<void>;
}> {
  let received = 0;
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    received: () => received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Outbox throughput: queued mails sent by one worker to a local SMTP sink, per second. */
export async function outboxRow(handle: DatabaseHandle): Promise<Row> {
  log(`outbox: ${MAILS} mails through one worker to a local SMTP sink…`);
  const now = systemClock.now();
  for (let i = 0; i < MAILS; i += 1) {
    await enqueueMail(
      handle.db,
      {
        kind: 'bench',
        to: `bench-${i}@example.test`,
        subject: `Bench message ${i}`,
        text: `Message ${i}: https://localhost/reset-password?token=x`,
        html: `<p>Message ${i}</p>`,
      },
      now,
    );
  }
  const sink = await startSink();
  const worker = new MailWorker(
    { db: handle.db, clock: systemClock, logger: createLogger('silent') },
    smtpTransport(`smtp://127.0.0.1:${sink.port}`, 'Bench <bench@localhost>'),
    { pollIntervalMs: 1_000 },
  );
  const started = performance.now();
  const run = await worker.runOnce();
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  await sink.stop();
  const rate = run.sent / seconds;
  return {
    what: `outbox throughput: ${run.sent.toLocaleString('en-GB')} queued mails sent by one worker (batches of 10, one SMTP connection each) to a local SMTP sink (${sink.received()} received)`,
    measured: `${fmt(rate, 0)} mails/s`,
    goal: 'every queued mail delivered once (no throughput goal in DESIGN §12)',
    // Mails queued by earlier rows of the same run (the alert row's) go out in this one too.
    met: run.sent >= MAILS && sink.received() === run.sent,
  };
}
