/**
 * `pnpm bench`: DESIGN §12's numbers, measured in one run on a fresh Postgres database and
 * printed as a table of ratios and percentiles. Never run as a timed test.
 *
 * BENCH_SESSIONS (rows for the list and purge, default 1,000,000), BENCH_ROUNDS (throughput
 * rounds, 5), BENCH_WRITE_ROUNDS (3), BENCH_DURATION (seconds per measurement, 5) and
 * BENCH_ONLY (comma-separated: http, writes, tokens, iprules, alerts, revoke, volume, orgs, audit,
 * outbox, passkeys, catchup, soak; `audit` is `audit-proof` (export, verify) and `audit-list`) make
 * shorter runs while iterating; BENCH_AUDIT_ROWS sizes the audit log to list, export
 * and verify (default 1,000,000). The soak (10 minutes by default) takes SOAK_SECONDS and
 * SOAK_RATE; `pnpm bench:soak` runs it alone.
 */
import os from 'node:os';
import { alertSignInRow } from './alerts.js';
import { auditListRows } from './audit-list.js';
import { auditProofRows } from './audit-proof.js';
import { catchUpRow } from './catch-up.js';
import { insertSessionVolume, seedBenchUsers } from './data.js';
import { auditedWriteRow, fmt, ROUNDS, type Row, throughputRows } from './http-rows.js';
import { ipRulesRow } from './ip-rules.js';
import { listLatency, purgeDurations, revocationLatency } from './latency.js';
import { orgFirstPageRow } from './org-page.js';
import { outboxRow } from './outbox.js';
import { passkeySignInRow } from './passkeys.js';
import { soakRows } from './soak.js';
import { freshDatabase, openBenchDatabase, percentile } from './support.js';
import { DURATION_S } from './throughput.js';
import { bearerTokenRow } from './token-rows.js';

const VOLUME = Number(process.env.BENCH_SESSIONS ?? 1_000_000);
const AUDIT_ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);
const ONLY = new Set(
  (
    process.env.BENCH_ONLY ??
    'http,catchup,writes,tokens,iprules,alerts,revoke,volume,orgs,audit,outbox,passkeys,soak'
  ).split(','),
);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const db = await freshDatabase();
  const rows: Row[] = [];
  try {
    const a = await openBenchDatabase(db.url);
    const orgId = await seedBenchUsers(a);
    if (ONLY.has('http')) rows.push(...(await throughputRows(db.url)));
    if (ONLY.has('catchup')) rows.push(await catchUpRow(db.url));
    if (ONLY.has('writes')) rows.push(await auditedWriteRow(db.url, a, orgId));
    if (ONLY.has('tokens')) rows.push(await bearerTokenRow(db.url));
    if (ONLY.has('iprules')) rows.push(await ipRulesRow(db.url, a));
    if (ONLY.has('alerts')) rows.push(await alertSignInRow(db.url));
    if (ONLY.has('outbox')) rows.push(await outboxRow(a));
    if (ONLY.has('passkeys')) rows.push(await passkeySignInRow(db.url));
    if (ONLY.has('soak')) rows.push(...(await soakRows(db.url)));

    if (ONLY.has('revoke')) {
      log('revocation seen by a second instance, 300 rounds…');
      const b = await openBenchDatabase(db.url);
      const revocation = await revocationLatency(a, b, 300);
      await b.close();
      const p99 = percentile(revocation, 99);
      rows.push({
        what: `revoke seen by a second instance on the same Postgres (p50 ${fmt(percentile(revocation, 50), 2)} ms)`,
        measured: `p99 ${fmt(p99, 2)} ms`,
        goal: 'p99 ≤ 10 ms',
        met: p99 <= 10,
      });
    }

    if (ONLY.has('volume')) {
      log(`inserting ${VOLUME.toLocaleString('en-GB')} sessions…`);
      const userId = await insertSessionVolume(a, orgId, 10_000, VOLUME);
      const list = await listLatency(db.url, userId, 2_000);
      const p99 = percentile(list, 99);
      rows.push({
        what: `one user's sessions among ${VOLUME.toLocaleString('en-GB')} rows (p50 ${fmt(percentile(list, 50), 2)} ms)`,
        measured: `p99 ${fmt(p99, 2)} ms`,
        goal: 'p99 ≤ 5 ms',
        met: p99 <= 5,
      });

      log('purging them in batches…');
      const purge = await purgeDurations(a);
      const slowest = Math.max(...purge.statementsMs);
      const total = purge.statementsMs.reduce((x, y) => x + y, 0);
      rows.push({
        what: `purge ${purge.deleted.toLocaleString('en-GB')} expired rows (${purge.statementsMs.length} statements, ${fmt(total / 1000, 1)} s)`,
        measured: `max ${fmt(slowest, 1)} ms`,
        goal: '≤ 100 ms each',
        met: slowest <= 100,
      });
    }

    if (ONLY.has('audit') || ONLY.has('audit-proof')) {
      rows.push(
        ...(await auditProofRows(db.url, a, Number(process.env.BENCH_AUDIT_ROWS ?? VOLUME))),
      );
    }

    if (ONLY.has('orgs')) {
      log(`inserting ${VOLUME.toLocaleString('en-GB')} sessions of 1,000 orgs…`);
      rows.push(await orgFirstPageRow(a, VOLUME));
    }
    if (ONLY.has('audit') || ONLY.has('audit-list')) {
      log(`inserting ${AUDIT_ROWS.toLocaleString('en-GB')} audit entries of one org…`);
      rows.push(...(await auditListRows(a, AUDIT_ROWS)));
    }
    await a.close();
  } finally {
    await db.drop();
  }
  printTable(rows);
}

function printTable(rows: Row[]): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const [load1] = os.loadavg();
  console.log(
    `\nGatehouse benchmarks — ${os.cpus().length} × ${cpu}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, Postgres on localhost; load average ${fmt(load1 ?? 0, 2)} at the end`,
  );
  console.log(
    `Throughput: medians of ${ROUNDS} alternating rounds of ${DURATION_S} s (lowest–highest in brackets).\n`,
  );
  console.log('| what | measured | goal | met |');
  console.log('|---|---|---|---|');
  for (const { what, measured, goal, met } of rows)
    console.log(`| ${what} | ${measured} | ${goal} | ${met ? 'yes' : 'NO'} |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
