import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DatabaseHandle } from '../src/db/client.js';
import { users } from '../src/db/schema/index.js';
import {
  authenticateToken,
  createSession,
  PURGE_BATCH_SIZE,
  purgeSessionBatch,
  revokeSession,
  startSessionCache,
} from '../src/identity/index.js';
import { benchEmail, percentile } from './support.js';
import { startChild } from './throughput.js';

/**
 * Instance A revokes; instance B (its own pool, listener and cache) had the session cached.
 * Measures from A's commit until B refuses the token.
 */
export async function revocationLatency(
  a: DatabaseHandle,
  b: DatabaseHandle,
  rounds: number,
): Promise<number[]> {
  const { cache, stop } = await startSessionCache(b);
  const [user] = await a.db
    .select()
    .from(users)
    .where(eq(users.email, benchEmail('gatehouse')));
  if (!user) throw new Error('bench user missing');
  const samples: number[] = [];
  try {
    for (let i = 0; i < rounds; i += 1) {
      const { session, token } = await createSession(a.db, {
        user,
        ip: null,
        userAgent: null,
        authMethods: ['password'],
        now: new Date(),
      });
      const first = await authenticateToken(b.db, cache, token, new Date());
      if (!first.ok) throw new Error('session not valid on instance B');
      await revokeSession(a.db, session.id, { reason: 'bench', revokedBy: null, now: new Date() });
      const committed = performance.now();
      for (;;) {
        const lookup = await authenticateToken(b.db, cache, token, new Date());
        if (!lookup.ok) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      samples.push(performance.now() - committed);
    }
  } finally {
    await stop();
  }
  return samples.sort((x, y) => x - y);
}

/**
 * Latency of listing one user's live sessions (the Active sessions page query), timed in a child
 * process (`list-child.ts`) so the bench's own heap and earlier rows do not weigh on it.
 */
export async function listLatency(url: string, userId: string, rounds: number): Promise<number[]> {
  const { message } = await startChild('./list-child.ts', [url, userId, String(rounds)]);
  const { samples } = z.object({ samples: z.array(z.number()) }).parse(message);
  return samples.sort((x, y) => x - y);
}

/** Expires every row, then purges in batches; returns each statement's duration. */
export async function purgeDurations(
  handle: DatabaseHandle,
): Promise<{ deleted: number; statementsMs: number[] }> {
  await handle.db.execute(
    sql`update sessions set absolute_expires_at = now() - interval '1 minute', idle_expires_at = now() - interval '1 minute'`,
  );
  await handle.db.execute(sql`vacuum analyze sessions`);
  // Flush the setup's own dirty pages first, so a checkpoint of them is not billed to the purge.
  await handle.db.execute(sql`checkpoint`);
  const statementsMs: number[] = [];
  let deleted = 0;
  const now = new Date();
  for (const kind of ['expired', 'revoked'] as const) {
    for (;;) {
      const start = performance.now();
      const n = await purgeSessionBatch(handle.db, now, kind, PURGE_BATCH_SIZE);
      statementsMs.push(performance.now() - start);
      deleted += n;
      if (n === 0) break;
    }
  }
  const slowest = statementsMs
    .map((ms, i) => [ms, i] as const)
    .sort((x, y) => y[0] - x[0])
    .slice(0, 5);
  process.stderr.write(`slowest purge statements (ms, index): ${JSON.stringify(slowest)}\n`);
  return { deleted, statementsMs };
}

export { percentile };
