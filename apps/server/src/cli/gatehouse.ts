/**
 * `pnpm gatehouse <command> [options]`: the operator's commands, run beside the app on its
 * database (PGLITE_DIR or DATABASE_URL) with its configuration (the same zod schema, so the same
 * APP_SECRET keys the audit chain). Exit 0 done, 1 refused or failed, 2 bad usage.
 */
import { pathToFileURL } from 'node:url';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { ipRulesClear } from '../features/ip-rules/cli.js';
import type { CliCommand, CliEnv } from '../operator-command.js';

/**
 * The features' operator commands, one entry each. Imported one by one, not through app.ts: a
 * command starts without loading the whole app (`pnpm check:features` drops the entry too).
 */
const COMMANDS: ReadonlyMap<string, CliCommand> = new Map([['ip-rules:clear', ipRulesClear]]);

function usage(): string {
  const lines = [...COMMANDS.values()].map((c) => `  ${c.usage.padEnd(30)} ${c.summary}`);
  return ['usage: pnpm gatehouse <command> [options]', '', 'commands:', ...lines].join('\n');
}

export async function runGatehouse(args: readonly string[], env: CliEnv): Promise<number> {
  const [name, ...rest] = args;
  const command = name === undefined ? undefined : COMMANDS.get(name);
  if (!command) {
    if (name !== undefined && name !== '--help') env.err(`Unknown command "${name}".`);
    env.err(usage());
    return 2;
  }
  try {
    return await command.run(rest, env);
  } catch (err: unknown) {
    // A bad environment (ConfigError), a database that does not answer or is in use: said plainly.
    env.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const env: CliEnv = {
    config: () => loadConfig(process.env),
    open: (config) => openDatabase(config.database),
    now: () => systemClock.now(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
  runGatehouse(process.argv.slice(2), env).then((code) => process.exit(code));
}
