import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = 16;

interface Target {
  port: number;
  cookie: string;
  child: ChildProcess;
}

/** Starts bench/server.ts in its own process, so the load generator does not share its event loop. */
export async function startTarget(mode: 'gatehouse' | 'baseline', url: string): Promise<Target> {
  const script = fileURLToPath(new URL('./server.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
      '--import',
      'tsx',
      script,
      mode,
      url,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  for await (const line of lines) {
    const ready = JSON.parse(line) as { port: number; cookie: string };
    return { ...ready, child };
  }
  throw new Error(`${mode} server exited before it was ready`);
}

/** Requests per second over DURATION_S, after a short warm-up; fails on any non-2xx. */
export async function measureRps(port: number, path: string, cookie?: string): Promise<number> {
  const options = {
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    headers: cookie ? { cookie } : {},
  };
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon({ ...options, duration: DURATION_S });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${path}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  }
  return result.requests.average;
}
