import { Writable } from 'node:stream';
import type { Express } from 'express';
import type request from 'supertest';
import { createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { type AppConfig, loadConfig } from '../../src/config.js';
import { type GeoLookup, noGeo } from '../../src/core/geo.js';
import { deriveKeys } from '../../src/core/keys.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { type AppDeps, BackgroundTasks } from '../../src/deps.js';
import { startSessionCache } from '../../src/features/sessions/index.js';
import { createLogger } from '../../src/logger.js';
import { openTestDatabase } from './database.js';

export const APP_URL = 'http://gatehouse.test';
export const ORIGIN = APP_URL;
export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface TestApp {
  app: Express;
  deps: AppDeps;
  clock: ManualClock;
  handle: DatabaseHandle;
  /** Everything the app logged, as text. */
  logs(): string;
  close(): Promise<void>;
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
  options: { handle?: DatabaseHandle; config?: AppConfig; geo?: GeoLookup } = {},
): Promise<TestApp> {
  const handle = options.handle ?? (await openTestDatabase());
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger('debug', sink);
  const clock = new ManualClock(new Date());
  const background = new BackgroundTasks(logger);
  const { cache: sessionCache, stop: stopListening } = await startSessionCache(handle);
  const config = options.config ?? testConfig();
  const deps: AppDeps = {
    sessionCache,
    keys: deriveKeys(config.appSecret, config.appSecretPrevious),
    geo: options.geo ?? noGeo,
    db: handle.db,
    ping: handle.ping,
    clock,
    config,
    logger,
    background,
  };
  return {
    app: createApp(deps),
    deps,
    clock,
    handle,
    logs: () => chunks.join(''),
    close: async () => {
      await stopListening();
      await background.drain();
      if (!options.handle) await handle.close();
    },
  };
}

export type Agent = ReturnType<typeof request.agent>;
