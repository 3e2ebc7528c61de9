import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { type AuditVerifyResponse, auditVerifyResponseSchema } from '@gatehouse/shared';
import pg from 'pg';
import { z } from 'zod';
import { chainHead } from '../src/audit/chain.js';
import { EXPORT_WINDOW_SEQS } from '../src/audit/proof/export.js';
import { exportWindow } from '../src/audit/proof/queries.js';
import { deriveKeys } from '../src/core/keys.js';
import { hashPassword } from '../src/core/passwords.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { orgs, users } from '../src/db/schema/index.js';
import { insertAuditVolume } from './audit-data.js';
import { fmt, type Row } from './http-rows.js';
import { APP_URL, BENCH_PASSWORD, BENCH_SECRET, summarise } from './support.js';
import { startTarget, type Target } from './throughput.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const MB = 2 ** 20;
/** Exports and verifies of the same log, for a median and a spread (BENCH_AUDIT_ROUNDS). */
const AUDIT_ROUNDS = Number(process.env.BENCH_AUDIT_ROUNDS ?? 3);

/** Asks the target for its memory (server.ts answers over IPC; no collection is forced). */
function rssOf(target: Target): Promise<number> {
  return new Promise((resolve) => {
    target.child.once('message', (message: unknown) =>
      resolve(z.object({ stats: z.object({ rss: z.number() }) }).parse(message).stats.rss),
    );
    target.child.send({ stats: true });
  });
}

/**
 * Downloads a streamed body in this process, keeping nothing but its size, while the server's
 * RSS is sampled in its own process: a downloader and a bench sharing the server's process
 * showed their own memory as the export's (decision 026). A 429 (the org's one export slot,
 * released just after the previous stream ended) is retried.
 */
async function download(target: Target, path: string, cookie: string) {
  for (let attempt = 0; ; attempt += 1) {
    const got = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      http
        .get({ port: target.port, path, headers: { cookie } }, (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        })
        .on('error', reject);
    });
    if (got.status === 200) return got.bytes;
    if (got.status !== 429 || attempt >= 50) throw new Error(`export answered ${got.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * GET /api/audit/verify on the server in its own process, as an auditor asks for it; timed from
 * the request that is answered 200 (a 429 of the org's audit-job limit is waited out, untimed).
 */
async function verifyOverHttp(target: Target, cookie: string) {
  for (let attempt = 0; ; attempt += 1) {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${target.port}/api/audit/verify`, {
      headers: { cookie },
    });
    const seconds = (performance.now() - t0) / 1000;
    if (res.status === 200) {
      return { report: auditVerifyResponseSchema.parse(await res.json()), seconds };
    }
    await res.body?.cancel();
    if (res.status !== 429 || attempt >= 100) throw new Error(`verify answered ${res.status}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** The largest of the server's RSS samples, every 50 ms while `work` runs. */
async function peakRssDuring<T>(target: Target, work: () => Promise<T>) {
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rssOf(target));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    const result = await work();
    return { result, peak };
  } finally {
    sampling = false;
    await sampler;
  }
}

async function signIn(port: number, email: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: APP_URL },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`bench sign-in failed: ${res.status}`);
  const session = res.headers.getSetCookie().find((c) => /^(__Host-)?gh_session=/.test(c));
  return session?.split(';')[0] ?? '';
}

/**
 * Postgres' own plan and time for one export window with no filter (exportWindow's statement):
 * the slowest window seen, re-run, so a slow round trip on a loaded machine can be told from a
 * slow plan.
 */
async function explainWindow(url: string, orgId: string, after: number, until: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(
      `explain (analyze) select * from audit_logs
       where org_id = $1 and seq > $2 and seq <= $3 order by seq`,
      [orgId, after, until],
    );
    const plan = z
      .array(z.object({ 'QUERY PLAN': z.string() }))
      .parse(result.rows)
      .map((r) => r['QUERY PLAN']);
    const scan = plan[0]?.replace(/\s*\(.*$/, '').trim() ?? '?';
    const ms = Number(plan.find((l) => l.startsWith('Execution Time'))?.match(/[\d.]+/)?.[0]);
    return { scan, ms };
  } finally {
    await client.end();
  }
}

/**
 * DESIGN §12: exporting and verifying 1,000,000 audit rows of one org. The export runs through
 * the real app in a process of its own (bench/server.ts), whose RSS is sampled every 50 ms; its
 * window statements are also timed one by one, as the export runs them, and the slowest is
 * re-run under EXPLAIN ANALYZE for its plan and Postgres' own time.
 */
export async function auditProofRows(url: string, handle: DatabaseHandle, volume: number) {
  const keys = deriveKeys(BENCH_SECRET).audit;
  const [org] = await handle.db
    .insert(orgs)
    .values({ name: 'Audit bench', slug: 'audit-bench', createdAt: new Date() })
    .returning();
  if (!org) throw new Error('no org');
  const email = 'audit-bench@example.test';
  await handle.db.insert(users).values({
    orgId: org.id,
    email,
    name: 'Auditor',
    role: 'admin',
    passwordHash: await hashPassword(BENCH_PASSWORD),
    createdAt: new Date(),
  });
  log(`inserting ${volume.toLocaleString('en-GB')} chained audit rows…`);
  await insertAuditVolume(url, keys, org.id, volume);
  const target = await startTarget('gatehouse', url);
  const rows: Row[] = [];
  try {
    const cookie = await signIn(target.port, email);
    // Growth is measured from before the first export, so what one export kept shows in the next.
    const before = await rssOf(target);
    const growths: number[] = [];
    const seconds: number[] = [];
    let bytes = 0;
    for (let round = 0; round < AUDIT_ROUNDS; round += 1) {
      log(`exporting them as JSONL (round ${round + 1} of ${AUDIT_ROUNDS})…`);
      const started = performance.now();
      const got = await peakRssDuring(target, () =>
        download(target, '/api/audit/export?format=jsonl', cookie),
      );
      seconds.push((performance.now() - started) / 1000);
      growths.push((got.peak - before) / MB);
      bytes = got.result;
    }
    const windowsMs: number[] = [];
    const head = (await chainHead(handle.db, org.id))?.seq ?? 0;
    let slowestAfter = 0;
    for (let after = 0; after < head; after += EXPORT_WINDOW_SEQS) {
      const t0 = performance.now();
      await exportWindow(handle.db, org.id, {}, after, Math.min(after + EXPORT_WINDOW_SEQS, head));
      windowsMs.push(performance.now() - t0);
      if ((windowsMs.at(-1) ?? 0) >= Math.max(...windowsMs)) slowestAfter = after;
    }
    const growth = summarise(growths);
    const exportS = summarise(seconds);
    const slowest = Math.max(...windowsMs);
    const plan = await explainWindow(
      url,
      org.id,
      slowestAfter,
      Math.min(slowestAfter + EXPORT_WINDOW_SEQS, head),
    );
    rows.push({
      what: `export ${volume.toLocaleString('en-GB')} audit rows as JSONL, server in its own process (${fmt(bytes / MB, 0)} MB in ${fmt(exportS.median, 1)} s; ${windowsMs.length} statements, slowest ${fmt(slowest, 1)} ms, re-run: ${plan.scan}, ${fmt(plan.ms, 1)} ms in Postgres; ${AUDIT_ROUNDS} rounds)`,
      measured: `RSS +${fmt(growth.median, 1)} MB (${fmt(growth.min, 1)}–${fmt(growth.max, 1)})`,
      goal: 'RSS < +50 MB; statements ≤ 200 ms',
      met: growth.median < 50 && slowest <= 200,
    });
    const verifyS: number[] = [];
    let report: AuditVerifyResponse | undefined;
    for (let round = 0; round < AUDIT_ROUNDS; round += 1) {
      log(`verifying the chain over HTTP (round ${round + 1} of ${AUDIT_ROUNDS})…`);
      const walked = await verifyOverHttp(target, cookie);
      report = walked.report;
      verifyS.push(walked.seconds);
    }
    const verify = summarise(verifyS);
    rows.push({
      what: `verify ${(report?.checked ?? 0).toLocaleString('en-GB')} audit rows over GET /api/audit/verify, server in its own process (HMAC, digest, ${Math.ceil(volume / 1000)} signed checkpoints; ok=${report?.ok}; ${AUDIT_ROUNDS} rounds)`,
      measured: `${fmt(verify.median, 1)} s (${fmt(verify.min, 1)}–${fmt(verify.max, 1)})`,
      goal: '≤ 10 s',
      met: report?.ok === true && verify.median <= 10,
    });
  } finally {
    await target.stop();
  }
  return rows;
}
