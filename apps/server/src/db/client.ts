import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { lockPgliteDir } from './pglite-lock.js';
import { type ListenHandlers, PostgresListener } from './postgres-listen.js';
import { checkNotifyReachesListener, migrateSerialized } from './postgres-start.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The common surface of the PGlite and node-postgres Drizzle databases. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema>;
/** Either the database or an open transaction: queries accept both. */
export type Executor = Database | Transaction;

export type { ListenHandlers } from './postgres-listen.js';

export interface DatabaseHandle {
  db: Database;
  driver: 'pglite' | 'postgres';
  /** Subscribes to a NOTIFY channel; resolves to a function that unsubscribes. */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  /**
   * Resolves once every listening connection has heard each NOTIFY committed before the call
   * (decision 020); `undefined` when nothing can be missed (PGlite, in this process). An
   * authenticated request waits for it before the caches answer it.
   */
  caughtUp(): Promise<void> | undefined;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The repository's committed drizzle/ folder, found by walking up from this module: it sits four
 * levels above src/db/client.ts (tsx, tests) but three above the bundle in dist/ (and the image).
 */
export const MIGRATIONS_DIR = findMigrationsDir(path.dirname(fileURLToPath(import.meta.url)));

function findMigrationsDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'drizzle');
    if (existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`No drizzle/meta/_journal.json above ${from}`);
  }
}

export type DatabaseOptions =
  | { driver: 'postgres'; url: string; listenUrl?: string | undefined; poolSize?: number }
  | { driver: 'pglite'; dir: string };

/** Opens the database named by the options and applies the committed migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.driver === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle client that loses its connection must not crash the process.
    pool.on('error', () => undefined);
    const db = drizzleNodePg({ client: pool, schema });
    // LISTEN and migrations need a session of their own: behind a transaction pooler, the direct URL.
    const direct = options.listenUrl ?? options.url;
    try {
      await checkNotifyReachesListener(pool, direct, options.listenUrl !== undefined);
      await migrateSerialized(direct, MIGRATIONS_DIR);
    } catch (err: unknown) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    // One LISTEN connection for every channel: one catch-up probe answers for all of them.
    const listener = new PostgresListener(direct);
    return {
      db: db as unknown as Database,
      driver: 'postgres',
      listen: (channel, handlers) => listener.listen(channel, handlers),
      caughtUp: () => (listener.listening ? listener.caughtUp() : undefined),
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: async () => {
        await listener.stop();
        await pool.end();
      },
    };
  }
  const inMemory = options.dir === 'memory://';
  const unlock = inMemory ? () => undefined : await lockPgliteDir(options.dir);
  const client = inMemory ? new PGlite() : new PGlite(options.dir);
  const db = drizzlePglite({ client, schema });
  try {
    await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR });
  } catch (err: unknown) {
    await client.close().catch(() => undefined);
    unlock();
    throw err;
  }
  return {
    db: db as unknown as Database,
    driver: 'pglite',
    // PGlite runs in this process: its notifications cannot be lost to a dropped connection.
    listen: async (channel, handlers) => client.listen(channel, handlers.onMessage),
    caughtUp: () => undefined,
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      await client.close();
      unlock();
    },
  };
}
