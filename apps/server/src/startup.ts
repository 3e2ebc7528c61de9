import type { Logger } from 'pino';
import type { AuditChainConfig } from './audit/index.js';
import { warnOfUnkeyedChains } from './audit/index.js';
import type { Clock } from './clock.js';
import type { AppConfig } from './config.js';
import type { Database } from './db/client.js';
import { seedDemo } from './seed.js';

/**
 * What runs once before the server listens. It never re-keys an audit chain: an unkeyed chain is
 * what a DB writer without the key can forge, so re-keying is the operator's `pnpm audit:migrate`
 * (decision 012); start-up only says that one exists.
 */
export async function prepareDatabase(
  db: Database,
  deps: { config: AppConfig; clock: Clock; logger: Logger; chain: AuditChainConfig },
): Promise<void> {
  await warnOfUnkeyedChains(db, deps.logger);
  const { config, clock, logger } = deps;
  if (config.seedDemo && (await seedDemo(db, config.demoPassword, clock.now(), deps.chain))) {
    logger.info('seeded demo data');
  }
}
