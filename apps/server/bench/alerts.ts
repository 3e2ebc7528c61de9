/**
 * The added latency of a sign-in that raises an alert: sign-ins from a browser the user has used
 * (no alert) against sign-ins from a new browser each time (a new-device alert: the row, its
 * audit entry and the outbox mail, in the sign-in's transaction), interleaved, one at a time.
 */
import { fmt, type Row } from './http-rows.js';
import { BENCH_PASSWORD, benchEmail, percentile } from './support.js';
import { ORIGIN, signIn, startTarget } from './throughput.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);
/** A difference with its sign: on a busy machine the noise can outweigh the alert's cost. */
const signed = (ms: number): string => `${ms < 0 ? '−' : '+'}${fmt(Math.abs(ms), 1)}`;
/** Each sign-in opens a session: stay under the bench org's limit of 100, so none is evicted. */
const SIGN_INS = Number(process.env.BENCH_ALERT_SIGN_INS ?? 45);

async function timedSignIn(port: number, cookie: string | null): Promise<number> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: ORIGIN,
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify({ email: benchEmail('alerts'), password: BENCH_PASSWORD }),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return performance.now() - started;
}

export async function alertSignInRow(url: string): Promise<Row> {
  log(`sign-in with and without a new-device alert, ${SIGN_INS} of each…`);
  const gatehouse = await startTarget('gatehouse', url);
  try {
    // The browser the quiet sign-ins come from: known after this first sign-in.
    const known = await signIn(gatehouse.port, 'alerts');
    const device = known.cookie.split('; ').find((c) => c.startsWith('gh_device=')) ?? null;
    const quiet: number[] = [];
    const alerting: number[] = [];
    for (let i = 0; i < SIGN_INS; i += 1) {
      quiet.push(await timedSignIn(gatehouse.port, device));
      alerting.push(await timedSignIn(gatehouse.port, null));
    }
    const sorted = (values: number[]) => [...values].sort((x, y) => x - y);
    const q99 = percentile(sorted(quiet), 99);
    const a99 = percentile(sorted(alerting), 99);
    const q50 = percentile(sorted(quiet), 50);
    const a50 = percentile(sorted(alerting), 50);
    return {
      what: `sign-in that raises a new-device alert vs one that does not (p50 ${fmt(a50, 1)} vs ${fmt(q50, 1)} ms; p99 ${fmt(a99, 1)} vs ${fmt(q99, 1)} ms; argon2 dominates both)`,
      measured: `p99 ${signed(a99 - q99)} ms, p50 ${signed(a50 - q50)} ms`,
      goal: 'reported (no goal in DESIGN §12)',
      met: true,
    };
  } finally {
    await gatehouse.stop();
  }
}
