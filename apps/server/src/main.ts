import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { createApp, FEATURES, withReactions } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, DEFAULT_DEMO_PASSWORD, loadConfig } from './config.js';
import { noGeo, openGeoDatabase } from './core/geo.js';
import { deriveKeys } from './core/keys.js';
import { startRequestCounter } from './core/request-counter.js';
import { openDatabase } from './db/client.js';
import { DatabaseSetupError } from './db/postgres-start.js';
import { BackgroundTasks } from './deps.js';
import { startSessionCache, startSweeper } from './identity/index.js';
import { createLogger } from './logger.js';
import { createMailWorker } from './mail/index.js';
import { startNetworkPolicyCache } from './network/index.js';
import { DEMO_ORGS } from './seed.js';
import { prepareDatabase } from './startup.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const handle = await openDatabase(config.database);
  const clock = systemClock;
  const keys = deriveKeys(config.appSecret, config.appSecretPrevious);
  const chain = { keys: keys.audit, checkpointEvery: config.auditCheckpointEvery };
  await prepareDatabase(handle.db, { config, clock, logger, chain });
  const background = new BackgroundTasks(logger);
  const { cache: sessionCache, stop: stopListening } = await startSessionCache(handle);
  const { cache: networkPolicies, stop: stopRulesListening } =
    await startNetworkPolicyCache(handle);
  const { counter: requestCounter, stop: stopCounter } = startRequestCounter(
    handle.db,
    clock,
    logger,
  );
  const geo = config.geoipDb ? openGeoDatabase(config.geoipDb) : noGeo;
  const deps = withReactions({
    db: handle.db,
    ping: handle.ping,
    caughtUp: handle.caughtUp,
    clock,
    config,
    keys,
    logger,
    background,
    sessionCache,
    networkPolicies,
    requestCounter,
    geo,
  });
  const app = createApp(deps);
  // With TLS_CERT_FILE/TLS_KEY_FILE the server speaks HTTPS itself (development, tests, DBSC);
  // behind a proxy that terminates TLS, an https APP_URL is enough.
  const tls = config.tls
    ? { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }
    : undefined;
  const listening = tls ? createServer(tls, app) : app;
  const server = listening.listen(config.port, () => {
    const logins = DEMO_ORGS.flatMap((o) =>
      o.users.map((u) => `    ${u.email.padEnd(20)} ${u.role}`),
    );
    const demo = config.seedDemo
      ? `\n  Demo logins (password ${
          // A private DEMO_PASSWORD is a secret: only the published default is printed.
          config.demoPassword === DEFAULT_DEMO_PASSWORD ? config.demoPassword : 'from DEMO_PASSWORD'
        }):\n${logins.join('\n')}`
      : '';
    const where =
      handle.driver === 'pglite'
        ? `embedded PGlite (${config.database.driver === 'pglite' ? config.database.dir : ''})`
        : 'Postgres';
    // Printed plainly so a newcomer sees it whatever the log level.
    process.stdout.write(
      `\nGatehouse is running at ${config.appUrl.origin}  (database: ${where})${demo}\n\n`,
    );
  });
  const stopSweeper = startSweeper(handle.db, clock, logger, chain);
  // The features' own background work (support sessions that ended without an exit).
  const stopFeatures = FEATURES.flatMap((feature) => feature.start?.(deps) ?? []);
  const mailWorker = createMailWorker({ db: handle.db, clock, logger }, config);
  mailWorker.start();
  const shutdown = async (): Promise<void> => {
    stopSweeper();
    for (const stop of stopFeatures) stop();
    server.close();
    await mailWorker.stop();
    await stopListening();
    await stopRulesListening();
    await stopCounter();
    await background.drain();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DatabaseSetupError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `Gatehouse failed to start: ${err instanceof Error ? err.stack : String(err)}\n`,
    );
  }
  process.exit(1);
});
