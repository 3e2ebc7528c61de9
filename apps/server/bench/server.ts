/**
 * A benchmark target in its own process: `gatehouse` (the real app plus a bare route) or
 * `baseline` (express-session + connect-pg-simple doing the same request). Prints
 * `{"port":…, "cookie":…}` on stdout once it is ready.
 */
import type { AddressInfo } from 'node:net';
import connectPgSimple from 'connect-pg-simple';
import { eq } from 'drizzle-orm';
import express from 'express';
import session from 'express-session';
import pg from 'pg';
import { verifyPassword } from '../src/core/passwords.js';
import { users } from '../src/db/schema/index.js';
import { APP_URL, BENCH_PASSWORD, benchEmail, gatehouseApp, openBenchDatabase } from './support.js';

const [mode, url] = process.argv.slice(2);
if ((mode !== 'gatehouse' && mode !== 'baseline') || !url)
  throw new Error('usage: server.ts gatehouse|baseline <database-url>');

const EMAIL = benchEmail(mode);

async function baselineApp() {
  const handle = await openBenchDatabase(url ?? '');
  const [existing] = await handle.db.select().from(users).where(eq(users.email, EMAIL));
  if (!existing) throw new Error('baseline user missing');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
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

async function main(): Promise<void> {
  let app: express.Express;
  if (mode === 'gatehouse') {
    app = (await gatehouseApp(await openBenchDatabase(url ?? ''))).app;
  } else {
    app = await baselineApp();
  }
  const server = app.listen(0, async () => {
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(APP_URL).origin },
      body: JSON.stringify({ email: EMAIL, password: BENCH_PASSWORD }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    process.stdout.write(`${JSON.stringify({ port, cookie })}\n`);
  });
}

process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
main().catch((err: unknown) => {
  process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
  process.exit(1);
});
