/**
 * A benchmark target in its own process: `gatehouse` (the real app, logging as in production,
 * plus a bare route) or `baseline` (express-session + connect-pg-simple doing the same request).
 * Sends `{"port":…}` to the parent over IPC once it listens; stdout is the app's log.
 */
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import connectPgSimple from 'connect-pg-simple';
import { eq } from 'drizzle-orm';
import express from 'express';
import session from 'express-session';
import pg from 'pg';
import { verifyPassword } from '../src/core/passwords.js';
import { users } from '../src/db/schema/index.js';
import { gatehouseApp, openBenchDatabase } from './support.js';

const [mode, url] = process.argv.slice(2);
if ((mode !== 'gatehouse' && mode !== 'baseline') || !url)
  throw new Error('usage: server.ts gatehouse|baseline <database-url>');

async function baselineApp(databaseUrl: string) {
  const handle = await openBenchDatabase(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const PgStore = connectPgSimple(session);
  const app = express();
  app.use(express.json());
  app.use(
    session({
      store: new PgStore({ pool, createTableIfMissing: true }),
      secret: 'baseline-secret',
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', maxAge: 7 * 24 * 3600 * 1000 },
    }),
  );
  app.post('/api/auth/login', async (req, res) => {
    const [user] = await handle.db
      .select()
      .from(users)
      .where(eq(users.email, String(req.body.email)));
    if (!user || !(await verifyPassword(user.passwordHash, String(req.body.password)))) {
      res.status(401).json({ error: 'INVALID_CREDENTIALS' });
      return;
    }
    req.session.regenerate(() => {
      Object.assign(req.session, { userId: user.id });
      res.json({ ok: true });
    });
  });
  app.get('/api/auth/me', async (req, res) => {
    const userId: unknown = Reflect.get(req.session, 'userId');
    if (typeof userId !== 'string') {
      res.status(401).json({ error: 'UNAUTHENTICATED' });
      return;
    }
    const [user] = await handle.db.select().from(users).where(eq(users.id, userId));
    res.json({ user: { id: user?.id, email: user?.email, name: user?.name, role: user?.role } });
  });
  return app;
}

async function main(databaseUrl: string): Promise<void> {
  const app =
    mode === 'gatehouse'
      ? (await gatehouseApp(await openBenchDatabase(databaseUrl))).app
      : await baselineApp(databaseUrl);
  const server = app.listen(0, () => {
    const { port } = server.address() as AddressInfo;
    if (!process.send) throw new Error('server.ts runs as a child of bench/run.ts (IPC)');
    process.send({ port });
  });
}

// The soak asks for the process's memory and event-loop delay since its last question.
const LOOP_DELAY_RESOLUTION_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
loopDelay.enable();
process.on('message', (message: unknown) => {
  if (typeof message !== 'object' || message === null || !('stats' in message)) return;
  // The delay since the last question, read before the collection below stalls the loop.
  const loopDelayP99Ms = loopDelay.percentile(99) / 1e6;
  const loopDelayMaxMs = loopDelay.max / 1e6;
  // With BENCH_NODE_FLAGS=--expose-gc the heap is collected first: what is kept, not yet freed.
  const collect: unknown = Reflect.get(globalThis, 'gc');
  if (typeof collect === 'function') collect();
  const memory = process.memoryUsage();
  process.send?.({
    stats: { rss: memory.rss, heapUsed: memory.heapUsed, loopDelayP99Ms, loopDelayMaxMs },
  });
  // The collection's own pause is the soak's, not the app's: the next window starts after it.
  // The monitor's timer records that pause when it next fires, in the next loop's timers phase
  // (after any setImmediate), so the reset waits for two of its ticks.
  setTimeout(() => loopDelay.reset(), 2 * LOOP_DELAY_RESOLUTION_MS);
});

process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
process.on('disconnect', () => process.exit(0));
main(url).catch((err: unknown) => {
  process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
  process.exit(1);
});
