/**
 * `pnpm audit:migrate [--org <id> …] [--dry-run]`: the operator's re-keying of audit chains
 * written before the key existed (decision 012). Never run at start: a DB writer without the key
 * can forge an unkeyed chain, so only someone who knows this database was upgraded from such a
 * chain should re-key it. Each org gets an AUDIT_CHAIN_MIGRATED entry saying what was re-keyed.
 * Exit 0 when every chain was re-keyed (or none was unkeyed), 1 when one was refused, 2 on usage.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { AuditChainConfig } from '../audit/index.js';
import { type MigrationOutcome, migrateUnkeyedAuditChains } from '../audit/index.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { deriveKeys } from '../core/keys.js';
import { type Database, openDatabase } from '../db/client.js';

const USAGE = 'usage: pnpm audit:migrate [--org <org id> …] [--dry-run]';
const argsSchema = z.object({
  org: z.array(z.uuid()).optional(),
  'dry-run': z.boolean().optional(),
});

function describe(outcome: MigrationOutcome): string {
  if (outcome.status === 'refused') {
    return (
      `REFUSED org ${outcome.orgId}: broken at seq ${outcome.brokenAt} (${outcome.reason}); ` +
      'left unkeyed, and verify reports it'
    );
  }
  const what = `entries 1–${outcome.rows} (old head ${outcome.legacyHead})`;
  return outcome.status === 'ready'
    ? `would re-key org ${outcome.orgId}: ${what}`
    : `re-keyed org ${outcome.orgId}: ${what}, recorded as AUDIT_CHAIN_MIGRATED at seq ${outcome.rows + 1}`;
}

export async function runAuditMigrate(
  args: readonly string[],
  out: (line: string) => void,
  target: { db: Database; chain: AuditChainConfig; now: Date },
): Promise<number> {
  let options: z.infer<typeof argsSchema>;
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { org: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' } },
    });
    options = argsSchema.parse(values);
  } catch {
    out(USAGE);
    return 2;
  }
  const outcomes = await migrateUnkeyedAuditChains(target.db, target.chain, target.now, {
    orgIds: options.org,
    dryRun: options['dry-run'],
  });
  if (outcomes.length === 0) out('No unkeyed audit chain: nothing to re-key.');
  for (const outcome of outcomes) out(describe(outcome));
  return outcomes.some((o) => o.status === 'refused') ? 1 : 0;
}

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const handle = await openDatabase(config.database);
  try {
    const keys = deriveKeys(config.appSecret, config.appSecretPrevious);
    const chain = { keys: keys.audit, checkpointEvery: config.auditCheckpointEvery };
    return await runAuditMigrate(
      process.argv.slice(2),
      (line) => process.stdout.write(`${line}\n`),
      { db: handle.db, chain, now: systemClock.now() },
    );
  } finally {
    await handle.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main()
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    });
}
