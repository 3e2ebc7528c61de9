import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import { createApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { noGeo } from '../src/core/geo.js';
import { deriveKeys } from '../src/core/keys.js';
import { startRequestCounter } from '../src/core/request-counter.js';
import { type DatabaseHandle, openDatabase } from '../src/db/client.js';
import { type AppDeps, BackgroundTasks } from '../src/deps.js';
import { defineRoute } from '../src/http/route.js';
import { startSessionCache } from '../src/identity/index.js';
import { createLogger } from '../src/logger.js';
import { startNetworkPolicyCache } from '../src/network/index.js';

export const BASE_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
export const APP_URL = 'http://localhost:3999';
export const BENCH_PASSWORD = 'bench-password-123';
export const benchEmail = (mode: string): string => `bench-${mode}@example.test`;
export const BENCH_SECRET = 'bench-secret-that-is-long-enough-0123456789';

export function databaseUrl(name: string): string {
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: BASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh database for one benchmark run, dropped by the returned function. */
export async function freshDatabase(): Promise<{
  name: string;
  url: string;
  drop: () => Promise<void>;
}> {
  const name = `gh_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  return {
    name,
    url: databaseUrl(name),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

/**
 * The real app configured as in production (its request log included, to stdout) with one extra
 * public route that does no session work: the "bare" baseline.
 */
export async function gatehouseApp(handle: DatabaseHandle) {
  const { cache: sessionCache, stop: stopSessions } = await startSessionCache(handle);
  const { cache: networkPolicies, stop: stopRules } = await startNetworkPolicyCache(handle);
  const stop = async (): Promise<void> => {
    await stopSessions();
    await stopRules();
  };
  const config = loadConfig({
    NODE_ENV: 'production',
    APP_URL,
    APP_SECRET: BENCH_SECRET,
    // The per-token limit is still counted (in memory, flushed each second); it never trips here.
    API_TOKEN_RATE_LIMIT: String(2 ** 30),
  });
  const logger = createLogger(config.logLevel);
  const { counter: requestCounter, stop: stopCounter } = startRequestCounter(
    handle.db,
    systemClock,
    logger,
  );
  const deps: AppDeps = {
    db: handle.db,
    ping: handle.ping,
    // BENCH_CATCH_UP=0 measures without the catch-up round trip (decision 020), for comparison.
    ...(process.env.BENCH_CATCH_UP === '0' ? {} : { caughtUp: handle.caughtUp }),
    clock: systemClock,
    config,
    keys: deriveKeys(config.appSecret),
    logger,
    background: new BackgroundTasks(logger),
    sessionCache,
    networkPolicies,
    requestCounter,
    geo: noGeo,
  };
  const bare = defineRoute(
    {
      method: 'get',
      path: '/bench/bare',
      tag: 'bench',
      access: 'public',
      summary: 'no session work',
      response: z.object({ ok: z.boolean() }),
    },
    async () => ({ ok: true }),
  );
  const stopAll = async (): Promise<void> => {
    await stop();
    await stopCounter();
  };
  return { app: createApp(deps, { extraRoutes: [bare] }), deps, stop: stopAll };
}

export async function openBenchDatabase(url: string, poolSize = 10): Promise<DatabaseHandle> {
  return openDatabase({ driver: 'postgres', url, poolSize });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** The median of a few rounds and their spread (lowest and highest). */
export interface Rounds {
  median: number;
  min: number;
  max: number;
}

export function summarise(values: readonly number[]): Rounds {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? Number.NaN)
      : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted[sorted.length - 1] ?? Number.NaN };
}
