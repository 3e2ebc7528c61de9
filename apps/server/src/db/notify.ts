import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import type { Executor } from './client.js';

const sent = new AsyncLocalStorage<string[]>();

/** `pg_notify` inside the caller's transaction: delivered to every listener when it commits. */
export async function notify(db: Executor, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
  sent.getStore()?.push(payload);
}

/** Runs a use case and returns the payloads it sent, so the caller can wait to see them heard. */
export async function collectingNotifications<T>(work: () => Promise<T>): Promise<[T, string[]]> {
  const payloads: string[] = [];
  const result = await sent.run(payloads, work);
  return [result, payloads];
}
