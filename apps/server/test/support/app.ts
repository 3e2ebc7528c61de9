import { Writable } from 'node:stream';
import type { Express } from 'express';
import type request from 'supertest';
import { createApp, FEATURES } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { type AppConfig, loadConfig } from '../../src/config.js';
import { type GeoLookup, noGeo } from '../../src/core/geo.js';
import { deriveKeys } from '../../src/core/keys.js';
import { startRequestCounter } from '../../src/core/request-counter.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { type AppDeps, BackgroundTasks } from '../../src/deps.js';
import { type Reaction, Reactions } from '../../src/http/reactions.js';
import type { Route } from '../../src/http/route.js';
import { startSessionCache } from '../../src/identity/index.js';
import { createLogger } from '../../src/logger.js';
import { startNetworkPolicyCache } from '../../src/network/index.js';
import { openTestDatabase } from './database.js';

export const APP_URL = 'http://gatehouse.test';
export const ORIGIN = APP_URL;
const HOUR_MS = 60 * 60 * 1000;
export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface TestApp {
  app: Express;
  deps: AppDeps;
  clock: ManualClock;
  handle: DatabaseHandle;
  /** Everything the app logged, as text. */
  logs(): string;
  /**
   * Lets the current test log this many "unhandled error" lines (a test that provokes a 500 on
   * purpose); any other unhandled error fails the test that caused it.
   */
  expectUnhandledErrors(count: number): void;
  close(): Promise<void>;
}

/** Unhandled errors logged by any test app since the last check, and how many are expected. */
const watch = { unhandled: [] as string[], expected: 0 };

/** Called after every integration test (test/support/setup.ts). */
export function takeUnexpectedUnhandledErrors(): string[] {
  const unexpected = watch.unhandled.length === watch.expected ? [] : [...watch.unhandled];
  watch.unhandled = [];
  watch.expected = 0;
  return unexpected;
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    APP_URL,
    APP_SECRET: TEST_SECRET,
    LOG_LEVEL: 'debug',
    SEED_DEMO: '0',
    ...overrides,
  });
}

/** The real app on a real database of its own, with a clock that moves only when told. */
export async function createTestApp(
  options: {
    handle?: DatabaseHandle;
    config?: AppConfig;
    geo?: GeoLookup;
    extraRoutes?: Route[];
    /** Reactions beside the capabilities' own (a test of the runner's reactions). */
    extraReactions?: Reaction[];
  } = {},
): Promise<TestApp> {
  const handle = options.handle ?? (await openTestDatabase());
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      const line = chunk.toString();
      chunks.push(line);
      if (line.includes('"msg":"unhandled error"')) watch.unhandled.push(line);
      done();
    },
  });
  const logger = createLogger('debug', sink);
  const clock = new ManualClock(new Date());
  const background = new BackgroundTasks(logger);
  const { cache: sessionCache, stop: stopListening } = await startSessionCache(handle);
  const { cache: networkPolicies, stop: stopRulesListening } =
    await startNetworkPolicyCache(handle);
  const config = options.config ?? testConfig();
  // Tests flush the request counter themselves (`deps.requestCounter.flush()`): no timer ticks.
  const { counter: requestCounter, stop: stopCounter } = startRequestCounter(
    handle.db,
    clock,
    logger,
    HOUR_MS,
  );
  const deps: AppDeps = {
    sessionCache,
    networkPolicies,
    requestCounter,
    keys: deriveKeys(config.appSecret, config.appSecretPrevious),
    geo: options.geo ?? noGeo,
    db: handle.db,
    ping: handle.ping,
    caughtUp: handle.caughtUp,
    clock,
    config,
    logger,
    background,
    // The app's reactions, so jobs a test runs with `t.deps` react as the app's routes do.
    reactions: new Reactions([
      ...FEATURES.flatMap((f) => f.reactions ?? []),
      ...(options.extraReactions ?? []),
    ]),
  };
  return {
    app: createApp(deps, { extraRoutes: options.extraRoutes ?? [] }),
    deps,
    clock,
    handle,
    logs: () => chunks.join(''),
    expectUnhandledErrors: (count) => {
      watch.expected += count;
    },
    close: async () => {
      await stopListening();
      await stopRulesListening();
      await stopCounter();
      await background.drain();
      if (!options.handle) await handle.close();
    },
  };
}

export type Agent = ReturnType<typeof request.agent>;
