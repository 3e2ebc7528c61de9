import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKeys } from '../src/core/keys.js';
import { type DatabaseHandle, openDatabase } from '../src/db/client.js';
import { DatabaseSetupError } from '../src/db/postgres-start.js';
import { seedDemo } from '../src/seed.js';

/** Instances side by side on one Postgres (decision 020): catch-up, start-up checks, migrations. */
describe.skipIf(process.env.GH_TEST_DB !== 'postgres')('several instances on one Postgres', () => {
  const baseUrl = process.env.DATABASE_URL ?? '';
  const created: string[] = [];
  const admin = async (statement: string): Promise<void> => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const freshDatabase = async (): Promise<string> => {
    const name = `gh_test_${randomBytes(6).toString('hex')}`;
    await admin(`create database ${name}`);
    created.push(name);
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  let url: string;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    url = await freshDatabase();
    handle = await openDatabase({ driver: 'postgres', url, poolSize: 4 });
  });
  afterAll(async () => {
    await handle?.close();
    for (const name of created) await admin(`drop database if exists ${name} with (force)`);
  });

  it('hears every NOTIFY committed before caughtUp() was called, each time', async () => {
    const heard = new Set<string>();
    const stop = await handle.listen('gh_cluster_test', {
      onMessage: (payload) => heard.add(payload),
      onDown: () => undefined,
      onUp: () => undefined,
    });
    // Another instance's connection: its commit is answered before this one reads the queue.
    const writer = new pg.Client({ connectionString: url });
    await writer.connect();
    try {
      for (let i = 0; i < 200; i += 1) {
        await writer.query('select pg_notify($1, $2)', ['gh_cluster_test', `m${i}`]);
        await handle.caughtUp();
        expect(heard.has(`m${i}`)).toBe(true);
      }
    } finally {
      await writer.end();
      await stop();
    }
  });

  it('serves many concurrent waits with few round trips', async () => {
    const stop = await handle.listen('gh_cluster_test_2', {
      onMessage: () => undefined,
      onDown: () => undefined,
      onUp: () => undefined,
    });
    try {
      const count = async (): Promise<number> => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          const { rows } = await client.query<{ calls: string }>(
            `select coalesce(sum(xact_commit), 0)::text as calls from pg_stat_database where datname = current_database()`,
          );
          return Number(rows[0]?.calls ?? 0);
        } finally {
          await client.end();
        }
      };
      const before = await count();
      await Promise.all(Array.from({ length: 500 }, () => handle.caughtUp()));
      const after = await count();
      // Each probe is one transaction; 500 callers need far fewer (two or three), plus the counting.
      expect(after - before).toBeLessThan(50);
    } finally {
      await stop();
    }
  });

  it('refuses to start when NOTIFY through DATABASE_URL never reaches DATABASE_LISTEN_URL', async () => {
    const other = await freshDatabase();
    const refusal = await openDatabase({ driver: 'postgres', url, listenUrl: other, poolSize: 2 })
      .then(() => undefined)
      .catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(DatabaseSetupError);
    expect(String(refusal)).toMatch(/DATABASE_LISTEN_URL/);
  });

  it('applies migrations and seeds the demo once when instances start at the same moment', async () => {
    const fresh = await freshDatabase();
    const handles = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ driver: 'postgres', url: fresh, poolSize: 2 })),
    );
    try {
      const chain = {
        keys: deriveKeys('x'.repeat(32)).audit,
        checkpointEvery: { entries: 1000, minutes: 10 },
      };
      const seeded = await Promise.all(
        handles.map((h) => seedDemo(h.db, 'cluster-test-password', new Date(), chain)),
      );
      expect(seeded.filter(Boolean)).toHaveLength(1);
      const client = new pg.Client({ connectionString: fresh });
      await client.connect();
      try {
        const { rows } = await client.query<{ hash: string; n: string }>(
          'select hash, count(*)::text as n from drizzle.__drizzle_migrations group by hash',
        );
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((r) => r.n === '1')).toBe(true);
      } finally {
        await client.end();
      }
    } finally {
      for (const h of handles) await h.close();
    }
  });
});
