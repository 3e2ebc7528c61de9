import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { AuditVerifyResponse } from '@gatehouse/shared';
import { chainHead } from '../src/audit/chain.js';
import { EXPORT_WINDOW_SEQS } from '../src/audit/proof/export.js';
import { exportWindow } from '../src/audit/proof/queries.js';
import { verifyOrgChain } from '../src/audit/verify.js';
import { hashPassword } from '../src/core/passwords.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { orgs, users } from '../src/db/schema/index.js';
import { insertAuditVolume } from './audit-data.js';
import { fmt, type Row } from './http-rows.js';
import { APP_URL, BENCH_PASSWORD, gatehouseApp, summarise } from './support.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const MB = 2 ** 20;
/** Exports and verifies of the same log, for a median and a spread (BENCH_AUDIT_ROUNDS). */
const AUDIT_ROUNDS = Number(process.env.BENCH_AUDIT_ROUNDS ?? 3);

/** Downloads a streamed body, keeping nothing but its size, while RSS is sampled. */
function download(port: number, path: string, cookie: string) {
  return new Promise<{ bytes: number; peakRss: number }>((resolve, reject) => {
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    http
      .get({ port, path, headers: { cookie } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`export answered ${res.statusCode}`));
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('end', () => {
          clearInterval(sampler);
          resolve({ bytes, peakRss });
        });
      })
      .on('error', reject);
  });
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
 * DESIGN §12: exporting and verifying 1,000,000 audit rows of one org. The export runs through
 * the real app in this process (RSS sampled every 50 ms); its window statements are also timed
 * one by one, as the export runs them.
 */
export async function auditProofRows(url: string, handle: DatabaseHandle, volume: number) {
  const { app, deps, stop } = await gatehouseApp(handle);
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
  await insertAuditVolume(url, deps.keys.audit, org.id, volume);
  const server = app.listen(0);
  const { port } = server.address() as AddressInfo;
  const rows: Row[] = [];
  try {
    const cookie = await signIn(port, email);
    // Growth is measured from before the first export, so what one export kept shows in the next.
    global.gc?.();
    const before = process.memoryUsage().rss;
    const growths: number[] = [];
    const seconds: number[] = [];
    let bytes = 0;
    for (let round = 0; round < AUDIT_ROUNDS; round += 1) {
      log(`exporting them as JSONL (round ${round + 1} of ${AUDIT_ROUNDS})…`);
      const started = performance.now();
      const got = await download(port, '/api/audit/export?format=jsonl', cookie);
      seconds.push((performance.now() - started) / 1000);
      growths.push((got.peakRss - before) / MB);
      bytes = got.bytes;
      await deps.background.drain();
    }
    const windowsMs: number[] = [];
    const head = (await chainHead(handle.db, org.id))?.seq ?? 0;
    for (let after = 0; after < head; after += EXPORT_WINDOW_SEQS) {
      const t0 = performance.now();
      await exportWindow(handle.db, org.id, {}, after, Math.min(after + EXPORT_WINDOW_SEQS, head));
      windowsMs.push(performance.now() - t0);
    }
    const growth = summarise(growths);
    const exportS = summarise(seconds);
    const slowest = Math.max(...windowsMs);
    rows.push({
      what: `export ${volume.toLocaleString('en-GB')} audit rows as JSONL (${fmt(bytes / MB, 0)} MB in ${fmt(exportS.median, 1)} s; ${windowsMs.length} statements, slowest ${fmt(slowest, 1)} ms; ${AUDIT_ROUNDS} rounds)`,
      measured: `RSS +${fmt(growth.median, 1)} MB (${fmt(growth.min, 1)}–${fmt(growth.max, 1)})`,
      goal: 'RSS < +50 MB; statements ≤ 200 ms',
      met: growth.median < 50 && slowest <= 200,
    });
    const verifyS: number[] = [];
    let report: AuditVerifyResponse | undefined;
    for (let round = 0; round < AUDIT_ROUNDS; round += 1) {
      log(`verifying the chain (round ${round + 1} of ${AUDIT_ROUNDS})…`);
      const t0 = performance.now();
      report = await verifyOrgChain(handle.db, deps.keys.audit, org.id);
      verifyS.push((performance.now() - t0) / 1000);
    }
    const verify = summarise(verifyS);
    rows.push({
      what: `verify ${(report?.checked ?? 0).toLocaleString('en-GB')} audit rows (HMAC, digest, ${Math.ceil(volume / 1000)} signed checkpoints; ok=${report?.ok}; ${AUDIT_ROUNDS} rounds)`,
      measured: `${fmt(verify.median, 1)} s (${fmt(verify.min, 1)}–${fmt(verify.max, 1)})`,
      goal: '≤ 10 s',
      met: report?.ok === true && verify.median <= 10,
    });
  } finally {
    server.close();
    await stop();
  }
  return rows;
}
