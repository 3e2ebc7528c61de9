/**
 * The soak (DESIGN §12, issue 22): one instance under steady load for SOAK_SECONDS (default 600)
 * at SOAK_RATE requests per second (default 200: nine `GET /api/auth/me` to one audited policy
 * save). Every SOAK_SAMPLE_SECONDS (10; less for short runs) the instance reports its RSS and the event-loop delay
 * since the last report, each after a full collection. After the warm-up (the first fifth, at most
 * 60 s) RSS must grow by less than 20 MB (median of the first three samples against the last
 * three) and no window's event-loop delay p99 may pass 50 ms.
 */
import autocannon from 'autocannon';
import { z } from 'zod';
import { fmt, type Row } from './http-rows.js';
import { signIn, startTarget } from './throughput.js';
import { grantStepUp, policySave, writeHeaders } from './writes.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RATE = Number(process.env.SOAK_RATE ?? 200);
const SAMPLE_S = Number(
  process.env.SOAK_SAMPLE_SECONDS ?? Math.max(1, Math.min(10, Math.floor(SECONDS / 30))),
);
const WARM_UP_S = Math.min(60, SECONDS / 5);
/** libuv's threads, where argon2 hashes (the target inherits this environment). */
const THREADPOOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
/** A grant lasts ten minutes: renewed well before it ends. */
const REGRANT_MS = 4 * 60_000;

const statsSchema = z.object({
  stats: z.object({
    rss: z.number(),
    heapUsed: z.number(),
    loopDelayP99Ms: z.number(),
    loopDelayMaxMs: z.number(),
  }),
});
type Sample = z.infer<typeof statsSchema>['stats'] & { atS: number };

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const MB = 2 ** 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function soakRows(url: string): Promise<Row[]> {
  log(`soak: ${SECONDS} s at ${RATE} req/s on one instance (warm-up ${fmt(WARM_UP_S, 0)} s)…`);
  // Each sample follows a full collection (--expose-gc): without one V8 defers major collections
  // and RSS follows its heap-growth heuristics rather than what is kept.
  const flags = process.env.BENCH_NODE_FLAGS;
  process.env.BENCH_NODE_FLAGS = `${flags ?? ''} --expose-gc`.trim();
  const target = await startTarget('gatehouse', url).finally(() => {
    if (flags === undefined) delete process.env.BENCH_NODE_FLAGS;
    else process.env.BENCH_NODE_FLAGS = flags;
  });
  try {
    const member = await signIn(target.port, 'gatehouse');
    const owner = await signIn(target.port, 'owner');
    // The load renews the owner's step-up every few minutes: an argon2id hash (19 MiB) on one of
    // libuv's threads. glibc keeps that block in the thread's malloc arena after the first free
    // (its mmap threshold rises to it), so each thread's first hash adds 19 MiB to RSS once and
    // never again (decision 026, "Fourth pass"). One grant per thread before the warm-up ends,
    // all at once so each lands on its own thread: a renewal after it is not read as growth.
    await Promise.all(
      Array.from({ length: THREADPOOL_SIZE }, () =>
        grantStepUp(target.port, owner, 'ORG_SECURITY_CHANGE'),
      ),
    );
    const regrant = setInterval(() => {
      grantStepUp(target.port, owner, 'ORG_SECURITY_CHANGE').catch((err: unknown) =>
        log(`  step-up renewal failed: ${String(err)}`),
      );
    }, REGRANT_MS);
    const samples: Sample[] = [];
    const started = Date.now();
    const ask = (): Promise<Sample> =>
      new Promise((resolve) => {
        target.child.once('message', (message: unknown) =>
          resolve({ ...statsSchema.parse(message).stats, atS: (Date.now() - started) / 1000 }),
        );
        target.child.send({ stats: true });
      });
    const sampler = setInterval(() => {
      void ask().then((sample) => {
        samples.push(sample);
        if (samples.length % Math.max(1, Math.round(60 / SAMPLE_S)) === 0)
          log(
            `  ${fmt(sample.atS, 0)} s: RSS ${fmt(sample.rss / MB, 1)} MB, heap ${fmt(sample.heapUsed / MB, 1)} MB, loop delay p99 ${fmt(sample.loopDelayP99Ms, 1)} ms`,
          );
      });
    }, SAMPLE_S * 1000);
    const write = policySave(owner);
    const me = { method: 'GET' as const, path: '/api/auth/me', headers: { cookie: member.cookie } };
    const result = await autocannon({
      url: `http://127.0.0.1:${target.port}`,
      connections: 8,
      overallRate: RATE,
      duration: SECONDS,
      requests: [
        ...Array.from({ length: 9 }, () => me),
        {
          method: 'PATCH',
          path: '/api/org/security',
          headers: writeHeaders(owner),
          setupRequest: (request) => ({ ...request, ...write.vary?.() }),
        },
      ],
    });
    clearInterval(sampler);
    clearInterval(regrant);
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`soak: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    const steady = samples.filter((s) => s.atS > WARM_UP_S);
    if (steady.length < 6) throw new Error(`soak: only ${steady.length} samples after warm-up`);
    const first = median(steady.slice(0, 3).map((s) => s.rss));
    const last = median(steady.slice(-3).map((s) => s.rss));
    const growthMb = (last - first) / MB;
    const heapFirst = median(steady.slice(0, 3).map((s) => s.heapUsed));
    const heapLast = median(steady.slice(-3).map((s) => s.heapUsed));
    const worst = steady.reduce((a, b) => (b.loopDelayP99Ms > a.loopDelayP99Ms ? b : a));
    const minutes = fmt(SECONDS / 60, SECONDS % 60 === 0 ? 0 : 1);
    const served = `${fmt(result.requests.total, 0)} requests, p99 ${result.latency.p99} ms`;
    return [
      {
        what: `soak, ${minutes} min at ${RATE} req/s on one instance (${served}): RSS growth after a ${fmt(WARM_UP_S, 0)} s warm-up, sampled after a full GC (${fmt(first / MB, 1)} → ${fmt(last / MB, 1)} MB; heap ${fmt(heapFirst / MB, 1)} → ${fmt(heapLast / MB, 1)} MB)`,
        measured: `${growthMb >= 0 ? '+' : ''}${fmt(growthMb, 1)} MB`,
        goal: '< +20 MB',
        met: growthMb < 20,
      },
      {
        what: `soak: event-loop delay p99, worst ${SAMPLE_S} s window after the warm-up (max ${fmt(Math.max(...steady.map((s) => s.loopDelayMaxMs)), 1)} ms)`,
        measured: `${fmt(worst.loopDelayP99Ms, 1)} ms`,
        goal: '< 50 ms',
        met: worst.loopDelayP99Ms < 50,
      },
    ];
  } finally {
    await target.stop();
  }
}
