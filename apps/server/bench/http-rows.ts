/**
 * The rows measured over HTTP: `me` against the bare route, `/healthz` and express-session in
 * alternating rounds, and the owner's audited policy saves.
 */
import type { DatabaseHandle } from '../src/db/client.js';
import { insertRevocableSessions } from './data.js';
import { type Rounds, summarise } from './support.js';
import {
  CONNECTIONS,
  DURATION_S,
  type Load,
  measure,
  signIn,
  startTarget,
  type Target,
} from './throughput.js';
import { grantStepUp, sessionRevokes } from './writes.js';

export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WRITE_ROUNDS = Number(process.env.BENCH_WRITE_ROUNDS ?? 3);

export interface Row {
  what: string;
  measured: string;
  goal: string;
  met: boolean;
}

export const fmt = (n: number, digits = 1): string =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const ratio = (r: Rounds): string => `${fmt(r.median, 2)}× (${fmt(r.min, 2)}–${fmt(r.max, 2)})`;

type Name = 'healthz' | 'bare' | 'me' | 'baseline';

/** Each round measures every load once, starting one further along, so drift touches all alike. */
async function alternatingRounds(loads: [Name, Target, Load][]): Promise<Record<Name, number[]>> {
  const rps: Record<Name, number[]> = { healthz: [], bare: [], me: [], baseline: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = loads.map((_, i) => loads[(i + round) % loads.length]);
    for (const entry of order) {
      if (!entry) continue;
      const [name, target, load] = entry;
      rps[name].push((await measure(target.port, load)).rps);
    }
    log(
      `  round ${round + 1}: ${loads.map(([n]) => `${n} ${fmt(rps[n][round] ?? 0, 0)}`).join(', ')}`,
    );
  }
  return rps;
}

/** Per-round ratios of `me` to each reference, so a slow round moves both sides of its ratio. */
function ratios(me: number[], other: number[]): Rounds {
  return summarise(me.map((value, i) => value / (other[i] ?? Number.NaN)));
}

export async function throughputRows(url: string): Promise<Row[]> {
  log(
    `throughput: ${ROUNDS} alternating rounds of ${DURATION_S} s per route, ${CONNECTIONS} connections…`,
  );
  const gatehouse = await startTarget('gatehouse', url);
  const baseline = await startTarget('baseline', url);
  try {
    const member = await signIn(gatehouse.port, 'gatehouse');
    const baselineMember = await signIn(baseline.port, 'baseline');
    const rps = await alternatingRounds([
      ['healthz', gatehouse, { path: '/healthz' }],
      ['bare', gatehouse, { path: '/api/bench/bare' }],
      ['me', gatehouse, { path: '/api/auth/me', headers: { cookie: member.cookie } }],
      ['baseline', baseline, { path: '/api/auth/me', headers: { cookie: baselineMember.cookie } }],
    ]);
    const median = (name: Name): string => fmt(summarise(rps[name]).median, 0);
    const vsBare = ratios(rps.me, rps.bare);
    const vsHealth = ratios(rps.me, rps.healthz);
    const vsBaseline = ratios(rps.me, rps.baseline);
    return [
      {
        what: `GET /api/auth/me vs a bare route through the same /api stack (${median('me')} vs ${median('bare')} req/s)`,
        measured: ratio(vsBare),
        goal: '≥ 0.85×',
        met: vsBare.median >= 0.85,
      },
      {
        what: `GET /api/auth/me vs GET /healthz in the same process (${median('healthz')} req/s)`,
        measured: ratio(vsHealth),
        goal: '≥ 0.75×',
        met: vsHealth.median >= 0.75,
      },
      {
        what: `GET /api/auth/me vs express-session + connect-pg-simple (${median('baseline')} req/s)`,
        measured: ratio(vsBaseline),
        goal: '≥ 4×',
        met: vsBaseline.median >= 4,
      },
    ];
  } finally {
    await Promise.all([gatehouse.stop(), baseline.stop()]);
  }
}

/** Enough sessions for any plausible rate over a round (warm-up included). */
const REVOCABLE_PER_ROUND = 2_000 * (DURATION_S + 1);

export async function auditedWriteRow(
  url: string,
  handle: DatabaseHandle,
  orgId: string,
): Promise<Row> {
  log(`audited writes: ${WRITE_ROUNDS} rounds of ${DURATION_S} s, ${CONNECTIONS} clients…`);
  const gatehouse = await startTarget('gatehouse', url);
  try {
    const owner = await signIn(gatehouse.port, 'owner');
    const rps: number[] = [];
    const p99: number[] = [];
    for (let round = 0; round < WRITE_ROUNDS; round += 1) {
      const sessionIds = await insertRevocableSessions(handle, orgId, REVOCABLE_PER_ROUND);
      await grantStepUp(gatehouse.port, owner, 'REVOKE_SESSION');
      const result = await measure(gatehouse.port, sessionRevokes(owner, sessionIds));
      rps.push(result.rps);
      p99.push(result.p99Ms);
      log(`  round ${round + 1}: ${fmt(result.rps, 0)} req/s, p99 ${result.p99Ms} ms`);
    }
    const r = summarise(rps);
    const l = summarise(p99);
    return {
      what: `audited writes for one org: the owner revoking its sessions one by one (POST /api/security/sessions/:id/revoke, ${CONNECTIONS} clients)`,
      measured: `${fmt(r.median, 0)}/s (${fmt(r.min, 0)}–${fmt(r.max, 0)}), p99 ${fmt(l.median, 1)} ms (${fmt(l.min, 1)}–${fmt(l.max, 1)})`,
      goal: '≥ 400/s, p99 ≤ 80 ms',
      met: r.median >= 400 && l.median <= 80,
    };
  } finally {
    await gatehouse.stop();
  }
}
