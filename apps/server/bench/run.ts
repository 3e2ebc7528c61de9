/**
 * `pnpm bench`: DESIGN §12's numbers, measured in one run on a fresh Postgres database and
 * printed as a table of ratios and percentiles. Never run as a timed test.
 */
import os from 'node:os';
import { insertSessionVolume, seedBenchUsers } from './data.js';
import { listLatency, purgeDurations, revocationLatency } from './latency.js';
import { freshDatabase, openBenchDatabase, percentile } from './support.js';
import { DURATION_S, measureRps, startTarget } from './throughput.js';

const VOLUME = Number(process.env.BENCH_SESSIONS ?? 1_000_000);
const fmt = (n: number, digits = 1): string =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const db = await freshDatabase();
  const rows: [string, string, string, boolean][] = [];
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  try {
    const a = await openBenchDatabase(db.url);
    const orgId = await seedBenchUsers(a);

    log(`throughput: 2 alternating rounds of ${DURATION_S} s per route, 16 connections…`);
    const gatehouse = await startTarget('gatehouse', db.url);
    // Alternating rounds, so drift in the machine's load touches both routes alike.
    const bareRounds: number[] = [];
    const meRounds: number[] = [];
    for (let round = 0; round < 2; round += 1) {
      bareRounds.push(await measureRps(gatehouse.port, '/api/bench/bare'));
      meRounds.push(await measureRps(gatehouse.port, '/api/auth/me', gatehouse.cookie));
    }
    const mean = (xs: number[]): number => xs.reduce((x, y) => x + y, 0) / xs.length;
    const bare = mean(bareRounds);
    const me = mean(meRounds);
    gatehouse.child.kill();
    const baseline = await startTarget('baseline', db.url);
    const baselineMe = await measureRps(baseline.port, '/api/auth/me', baseline.cookie);
    baseline.child.kill();
    rows.push([
      `GET /api/auth/me vs bare route (${fmt(me, 0)} vs ${fmt(bare, 0)} req/s)`,
      `${fmt(me / bare, 2)}×`,
      '≥ 0.75×',
      me / bare >= 0.75,
    ]);
    rows.push([
      `GET /api/auth/me vs express-session + connect-pg-simple (${fmt(baselineMe, 0)} req/s)`,
      `${fmt(me / baselineMe, 2)}×`,
      '≥ 3×',
      me / baselineMe >= 3,
    ]);

    log('revocation seen by a second instance, 300 rounds…');
    const b = await openBenchDatabase(db.url);
    const revocation = await revocationLatency(a, b, 300);
    const revP99 = percentile(revocation, 99);
    rows.push([
      `revoke seen by a second instance (p50 ${fmt(percentile(revocation, 50), 2)} ms)`,
      `p99 ${fmt(revP99, 2)} ms`,
      'p99 ≤ 50 ms',
      revP99 <= 50,
    ]);
    await b.close();

    log(`inserting ${VOLUME.toLocaleString('en-GB')} sessions…`);
    const userId = await insertSessionVolume(a, orgId, 10_000, VOLUME);
    const list = await listLatency(a, userId, 2_000);
    const listP99 = percentile(list, 99);
    rows.push([
      `one user's sessions among ${VOLUME.toLocaleString('en-GB')} rows (p50 ${fmt(percentile(list, 50), 2)} ms)`,
      `p99 ${fmt(listP99, 2)} ms`,
      'p99 ≤ 5 ms',
      listP99 <= 5,
    ]);

    log('purging them in batches…');
    const purge = await purgeDurations(a);
    const slowest = Math.max(...purge.statementsMs);
    const total = purge.statementsMs.reduce((x, y) => x + y, 0);
    rows.push([
      `purge ${purge.deleted.toLocaleString('en-GB')} expired rows (${purge.statementsMs.length} statements, ${fmt(total / 1000, 1)} s)`,
      `max ${fmt(slowest, 1)} ms`,
      '≤ 200 ms each',
      slowest <= 200,
    ]);
    await a.close();
  } finally {
    await db.drop();
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\nGatehouse benchmarks — ${os.cpus().length} × ${cpu}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, Postgres on localhost\n`,
  );
  console.log('| what | measured | goal | met |');
  console.log('|---|---|---|---|');
  for (const [what, measured, goal, met] of rows)
    console.log(`| ${what} | ${measured} | ${goal} | ${met ? 'yes' : 'NO'} |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
