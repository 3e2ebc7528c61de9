import { randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

/** How long a NOTIFY through DATABASE_URL may take to reach the LISTEN connection at start. */
export const POOLER_CHECK_TIMEOUT_MS = 3_000;
/** The advisory lock (two-key form) instances take around migrations: 'gh', 1. */
const MIGRATION_LOCK = [0x6768, 1] as const;

/** The database cannot serve this app as configured; the message says what to change. */
export class DatabaseSetupError extends Error {}

/**
 * Proves that a NOTIFY committed through the pool reaches a LISTEN on `listenUrl`. Behind a
 * transaction pooler (PgBouncer `pool_mode=transaction`) a LISTEN on a pooled connection hears
 * nothing: the server connection goes back to the pool after the statement. An instance that
 * cannot hear invalidations would serve revoked sessions from its cache, so it refuses to start.
 */
export async function checkNotifyReachesListener(
  pool: pg.Pool,
  listenUrl: string,
  separateListenUrl: boolean,
  timeoutMs = POOLER_CHECK_TIMEOUT_MS,
): Promise<void> {
  const channel = `gh_start_check_${randomBytes(6).toString('hex')}`;
  const listener = new pg.Client({ connectionString: listenUrl });
  listener.on('error', () => undefined);
  await listener.connect();
  try {
    const heard = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      listener.on('notification', (msg) => {
        if (msg.channel !== channel) return;
        clearTimeout(timer);
        resolve(true);
      });
    });
    await listener.query(`LISTEN "${channel}"`);
    await pool.query('select pg_notify($1, $2)', [channel, 'check']);
    if (await heard) return;
  } finally {
    await listener.end().catch(() => undefined);
  }
  throw new DatabaseSetupError(
    separateListenUrl
      ? `A NOTIFY sent through DATABASE_URL did not reach the LISTEN connection on DATABASE_LISTEN_URL within ${timeoutMs} ms: both must name the same Postgres database (decision 020).`
      : `DATABASE_URL looks like a transaction pooler (e.g. PgBouncer with pool_mode=transaction): a NOTIFY sent through it did not reach a LISTEN on it within ${timeoutMs} ms, so revocations would not reach other instances' session caches. Set DATABASE_LISTEN_URL to a direct connection to the same database (used only for LISTEN and migrations; see README "Behind PgBouncer").`,
  );
}

/**
 * Applies the committed migrations on one dedicated connection (the direct one when there is a
 * pooler), holding an advisory lock, so instances starting at once apply them one after another:
 * the first applies, the others find nothing left to do.
 */
export async function migrateSerialized(url: string, migrationsFolder: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK]);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
