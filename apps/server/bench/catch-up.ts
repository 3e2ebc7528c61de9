/**
 * What the catch-up round trip (decision 020) costs `GET /api/auth/me`: two instances of the same
 * build on the same database, one with it and one without (BENCH_CATCH_UP=0), measured in
 * alternating pairs so that the machine's drift touches both alike. The row reports the median
 * of the per-pair ratios.
 */
import { fmt, ROUNDS, type Row } from './http-rows.js';
import { summarise } from './support.js';
import { measure, signIn, startTarget } from './throughput.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function startWith(catchUp: boolean, url: string) {
  const before = process.env.BENCH_CATCH_UP;
  process.env.BENCH_CATCH_UP = catchUp ? '1' : '0';
  try {
    return await startTarget('gatehouse', url);
  } finally {
    if (before === undefined) delete process.env.BENCH_CATCH_UP;
    else process.env.BENCH_CATCH_UP = before;
  }
}

export async function catchUpRow(url: string): Promise<Row> {
  log(`catch-up cost: ${ROUNDS} alternating pairs of GET /api/auth/me with and without it…`);
  const withIt = await startWith(true, url);
  const without = await startWith(false, url);
  try {
    const a = await signIn(withIt.port, 'gatehouse');
    const b = await signIn(without.port, 'gatehouse');
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const me = (target: typeof withIt, cookie: string) =>
        measure(target.port, { path: '/api/auth/me', headers: { cookie } });
      // Each pair starts with the other one than the last, so neither always runs warm.
      let on: Awaited<ReturnType<typeof measure>>;
      let off: Awaited<ReturnType<typeof measure>>;
      if (round % 2 === 0) {
        on = await me(withIt, a.cookie);
        off = await me(without, b.cookie);
      } else {
        off = await me(without, b.cookie);
        on = await me(withIt, a.cookie);
      }
      ratios.push(on.rps / off.rps);
      log(`  pair ${round + 1}: with ${fmt(on.rps, 0)}, without ${fmt(off.rps, 0)} req/s`);
    }
    const r = summarise(ratios);
    return {
      what: `GET /api/auth/me with the catch-up round trip vs without it (same build, alternating pairs)`,
      measured: `${fmt(r.median, 2)}× (${fmt(r.min, 2)}–${fmt(r.max, 2)})`,
      goal: 'reported (decision 020)',
      met: true,
    };
  } finally {
    await Promise.all([withIt.stop(), without.stop()]);
  }
}
