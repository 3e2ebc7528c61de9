import { sql } from 'drizzle-orm';
import type { Executor } from './client.js';

/**
 * Serialises the transactions that name the same key until they commit (a Postgres
 * transaction-level advisory lock): an org's audit chain, its IP rules, its storage quota.
 */
export async function lockFor(db: Executor, key: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
