import type { AppConfig } from './config.js';
import type { DatabaseHandle } from './db/client.js';

/** What an operator command is given: the app's configuration and database, a clock, output. */
export interface CliEnv {
  /** The app's configuration, read on first use (a usage error needs none). */
  config(): AppConfig;
  open(config: AppConfig): Promise<DatabaseHandle>;
  now(): Date;
  out(line: string): void;
  err(line: string): void;
}

/** One `pnpm gatehouse <command>`: exit 0 done, 1 refused or failed, 2 bad usage. */
export interface CliCommand {
  usage: string;
  summary: string;
  run(args: readonly string[], env: CliEnv): Promise<number>;
}
