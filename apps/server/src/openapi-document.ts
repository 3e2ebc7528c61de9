import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiRoutes } from './app.js';
import { ManualClock } from './clock.js';
import { loadConfig } from './config.js';
import { noGeo } from './core/geo.js';
import { deriveKeys } from './core/keys.js';
import { RequestCounter } from './core/request-counter.js';
import type { Database } from './db/client.js';
import { type AppDeps, BackgroundTasks } from './deps.js';
import { openApiDocument } from './http/openapi.js';
import { SessionCache } from './identity/index.js';
import { createLogger } from './logger.js';
import { NetworkPolicies } from './network/index.js';

/**
 * The OpenAPI document of the API, without a database or a server: what packages/client
 * generates its types from (`pnpm --filter @gatehouse/client generate`).
 */
export function buildOpenApiDocument() {
  const config = loadConfig({
    NODE_ENV: 'test',
    APP_SECRET: 'openapi-document-only-never-a-real-secret',
    SEED_DEMO: '0',
  });
  const logger = createLogger('silent');
  const clock = new ManualClock(new Date(0));
  const deps: AppDeps = {
    // Never queried: the routes are only described here, not run.
    db: undefined as unknown as Database,
    ping: async () => {},
    clock,
    config,
    keys: deriveKeys(config.appSecret, undefined),
    logger,
    background: new BackgroundTasks(logger),
    sessionCache: new SessionCache(false),
    requestCounter: new RequestCounter(undefined as unknown as Database, clock),
    networkPolicies: new NetworkPolicies(false),
    geo: noGeo,
  };
  return openApiDocument(apiRoutes(deps), '/api');
}

export function openApiJson(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = process.argv[2];
  if (target) writeFileSync(target, openApiJson());
  else process.stdout.write(openApiJson());
}
