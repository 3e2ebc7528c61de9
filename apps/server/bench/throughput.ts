import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { z } from 'zod';
import { APP_URL, BENCH_PASSWORD, benchEmail } from './support.js';

export const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
export const CONNECTIONS = 16;
const WARM_UP_S = 1;
export const ORIGIN = new URL(APP_URL).origin;

export interface Target {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * A bench script (`bench/<name>.ts`, under tsx) in a process of its own with an IPC channel; its
 * stdout goes to /dev/null. Resolves with its first message; rejects if it exits before sending.
 */
export async function startChild(
  script: string,
  args: readonly string[],
  flags: readonly string[] = [],
): Promise<{ child: ChildProcess; message: unknown }> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', path, ...args], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit').then(() => {
    throw new Error(`${script} exited before it answered`);
  });
  const [message] = await Promise.race([once(child, 'message'), exited]);
  return { child, message };
}

/**
 * Starts bench/server.ts in its own process, so the load generator does not share its event loop.
 * Its stdout (the request log) goes to /dev/null; it reports its port over IPC.
 */
export async function startTarget(mode: 'gatehouse' | 'baseline', url: string): Promise<Target> {
  // e.g. BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the targets.
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const { child, message } = await startChild('./server.ts', [mode, url], flags);
  const { port } = z.object({ port: z.number() }).parse(message);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const gone = once(child, 'exit');
    child.kill('SIGINT');
    await gone;
  };
  return { port, child, stop };
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
}

/** Signs a bench user in (the real login route, or the baseline's) and returns its cookie. */
export async function signIn(port: number, mode: string): Promise<SignedIn> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ email: benchEmail(mode), password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const body = z
    .object({ csrfToken: z.string() })
    .partial()
    .parse(await res.json());
  return { cookie, csrfToken: body.csrfToken ?? '' };
}

export interface Load {
  path: string;
  method?: 'GET' | 'PATCH' | 'POST';
  headers?: Record<string, string>;
  /** A new path or body for each request (writes that change something every time). */
  vary?: () => { path?: string; body?: string };
}

export interface Measured {
  rps: number;
  p99Ms: number;
}

/** Requests per second and p99 latency over DURATION_S after a warm-up; fails on any non-2xx. */
export async function measure(port: number, load: Load): Promise<Measured> {
  const { vary } = load;
  const options: autocannon.Options = {
    url: `http://127.0.0.1:${port}${load.path}`,
    connections: CONNECTIONS,
    method: load.method ?? 'GET',
    headers: load.headers ?? {},
    ...(vary ? { requests: [{ setupRequest: (request) => ({ ...request, ...vary() }) }] } : {}),
  };
  const warm = await autocannon({ ...options, duration: WARM_UP_S });
  const result = await autocannon({ ...options, duration: DURATION_S });
  for (const run of [warm, result]) {
    if (run.non2xx > 0 || run.errors > 0 || run.timeouts > 0) {
      throw new Error(`${load.path}: ${run.non2xx} non-2xx responses, ${run.errors} errors`);
    }
  }
  return { rps: result.requests.average, p99Ms: result.latency.p99 };
}
