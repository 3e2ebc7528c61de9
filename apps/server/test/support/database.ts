import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.js';

/**
 * Every test file gets a database of its own: in-memory PGlite by default, or a fresh database
 * on the Postgres server named by DATABASE_URL when GH_TEST_DB=postgres (`pnpm test:pg`).
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  if (process.env.GH_TEST_DB !== 'postgres')
    return openDatabase({ driver: 'pglite', dir: 'memory://' });
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('GH_TEST_DB=postgres needs DATABASE_URL');
  const name = `gh_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: 'postgres', url: url.toString(), poolSize: 5 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await adminQuery(baseUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A database another process can open too (an operator command), named as the app's env names it. */
export interface NamedTestDatabase {
  driver: 'pglite' | 'postgres';
  /** PGLITE_DIR or DATABASE_URL, for a child process's environment. */
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  dispose(): Promise<void>;
}

/** A PGlite directory of its own, or a fresh database on the Postgres server of GH_TEST_DB. */
export async function namedTestDatabase(): Promise<NamedTestDatabase> {
  if (process.env.GH_TEST_DB !== 'postgres') {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'gh-test-')), 'pglite');
    return {
      driver: 'pglite',
      env: { PGLITE_DIR: dir, DATABASE_URL: '' },
      open: () => openDatabase({ driver: 'pglite', dir }),
      dispose: async () => rmSync(path.dirname(dir), { recursive: true, force: true }),
    };
  }
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('GH_TEST_DB=postgres needs DATABASE_URL');
  const name = `gh_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    driver: 'postgres',
    env: { DATABASE_URL: url.toString() },
    open: () => openDatabase({ driver: 'postgres', url: url.toString(), poolSize: 5 }),
    dispose: () => adminQuery(baseUrl, `drop database if exists ${name} with (force)`),
  };
}
