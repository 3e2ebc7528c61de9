import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyOrgChain } from '../src/audit/verify.js';
import { runAuditMigrate } from '../src/cli/audit-migrate.js';
import { deriveKeys } from '../src/core/keys.js';
import { openDatabase } from '../src/db/client.js';
import { auditCheckpoints, auditLogs, orgs } from '../src/db/schema/index.js';
import { auditChainOf } from '../src/http/route-steps.js';
import { createTestApp, TEST_SECRET, type TestApp } from './support/app.js';
import { appendVolume, asText, cliVerify } from './support/audit.js';
import { replaceWithOldChain } from './support/legacy-chain.js';
import { type SignedInAgent, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Runs `pnpm audit:migrate <args>` on the test's database: exit code and what it printed. */
async function migrate(...args: string[]) {
  const lines: string[] = [];
  const target = { db: t.deps.db, chain: auditChainOf(t.deps), now: t.clock.now() };
  const code = await runAuditMigrate(args, (line) => lines.push(line), target);
  return { code, output: lines.join('\n') };
}

const verify = async (who: SignedInAgent) =>
  (await who.agent.get('/api/audit/verify').expect(200)).body;
const unkeyed = (orgId: string) =>
  t.deps.db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId), isNull(auditLogs.keyId)));
const checkpointsOf = (orgId: string) =>
  t.deps.db
    .select({
      seq: auditCheckpoints.seq,
      kind: auditCheckpoints.kind,
      digest: auditCheckpoints.digest,
    })
    .from(auditCheckpoints)
    .where(eq(auditCheckpoints.orgId, orgId))
    .orderBy(auditCheckpoints.seq);

/** An org whose whole history the code before decision 012 wrote: 7 unkeyed entries. */
async function orgWithOldChain() {
  const owner = await signUp(t);
  const orgId = owner.body.org.id;
  const oldHead = await replaceWithOldChain(t.deps.db, orgId, 7);
  return { owner, orgId, oldHead };
}

describe('pnpm audit:migrate', () => {
  it('re-keys a genuine old chain, records AUDIT_CHAIN_MIGRATED, and verify passes after', async () => {
    const { owner, orgId, oldHead } = await orgWithOldChain();
    expect(await verify(owner)).toMatchObject({ ok: false, brokenAt: 1 });

    expect(await migrate('--org', orgId)).toEqual({
      code: 0,
      output: `re-keyed org ${orgId}: entries 1–7 (old head ${oldHead}), recorded as AUDIT_CHAIN_MIGRATED at seq 8`,
    });
    expect(await unkeyed(orgId)).toEqual([]);
    const [record] = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.seq, 8)));
    expect(record).toMatchObject({
      action: 'AUDIT_CHAIN_MIGRATED',
      outcome: 'SUCCESS',
      actorUserId: null,
      userAgent: 'pnpm audit:migrate',
      metadata: {
        throughSeq: 7,
        legacyHead: oldHead,
        keyId: t.deps.keys.audit.current.keyId,
        command: 'pnpm audit:migrate',
      },
    });
    // The old chain as re-keyed (its digest is the old head), then the record of it, both signed.
    expect(await checkpointsOf(orgId)).toMatchObject([
      { seq: 7, kind: 'migration', digest: oldHead },
      { seq: 8, kind: 'migration' },
    ]);
    expect(await verify(owner)).toMatchObject({
      ok: true,
      checked: 8,
      lastCheckpoint: { seq: 8, kind: 'migration' },
    });

    // The chain goes on under the key, and an export of it all verifies with the public key.
    await appendVolume(t, orgId, 3);
    const res = await asText(owner.agent.get('/api/audit/export?format=jsonl'));
    await t.deps.background.drain();
    const key = (await owner.agent.get('/api/audit/public-key')).body.publicKey;
    expect(await cliVerify(String(res.body), key)).toEqual({
      code: 0,
      output: `OK: 12 entries of org ${orgId}, seq 1–12, signed through seq 12`,
    });
    expect(await migrate('--org', orgId)).toEqual({
      code: 0,
      output: 'No unkeyed audit chain: nothing to re-key.',
    });
  });

  it('says what a dry run would re-key and changes nothing', async () => {
    const { orgId, oldHead } = await orgWithOldChain();
    expect(await migrate('--dry-run', '--org', orgId)).toEqual({
      code: 0,
      output: `would re-key org ${orgId}: entries 1–7 (old head ${oldHead})`,
    });
    expect(await unkeyed(orgId)).toHaveLength(7);
    expect(await checkpointsOf(orgId)).toEqual([]);
  });

  it('leaves a chain that was already broken unkeyed, exits 1 and says where it broke', async () => {
    const { owner, orgId } = await orgWithOldChain();
    await t.deps.db.execute(
      sql`update audit_logs set ip = '203.0.113.9' where org_id = ${orgId} and seq = 2`,
    );
    expect(await migrate('--org', orgId)).toEqual({
      code: 1,
      output: `REFUSED org ${orgId}: broken at seq 2 (entry altered before the migration); left unkeyed, and verify reports it`,
    });
    expect(await unkeyed(orgId)).toHaveLength(7);
    expect(await checkpointsOf(orgId)).toEqual([]);
    expect(await verify(owner)).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it('refuses unkeyed rows slipped into a keyed chain', async () => {
    const owner = await signUp(t);
    const orgId = owner.body.org.id;
    await appendVolume(t, orgId, 2);
    await t.deps.db.execute(
      sql`update audit_logs set key_id = null where org_id = ${orgId} and seq = 3`,
    );
    expect(await verifyOrgChain(t.deps.db, t.deps.keys.audit, orgId)).toMatchObject({
      ok: false,
      brokenAt: 3,
    });
    expect(await migrate('--org', orgId)).toMatchObject({
      code: 1,
      output: expect.stringContaining('a signed chain has unkeyed rows'),
    });
  });

  it('answers a malformed argument with its usage and exit code 2', async () => {
    for (const args of [['--org', 'not-a-uuid'], ['--colour'], ['stray']]) {
      expect(await migrate(...args)).toEqual({
        code: 2,
        output: 'usage: pnpm audit:migrate [--org <org id> …] [--dry-run]',
      });
    }
  });
});

describe('the pnpm audit:migrate command', () => {
  it('re-keys the old chain of the database the environment names', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-migrate-'));
    const before = await openDatabase({ driver: 'pglite', dir });
    const [org] = await before.db
      .insert(orgs)
      .values({ name: 'Old', slug: 'old', createdAt: new Date() })
      .returning();
    if (!org) throw new Error('no org');
    await replaceWithOldChain(before.db, org.id, 3);
    await before.close();

    const { DATABASE_URL: _url, ...env } = process.env;
    const run = spawnSync('pnpm', ['--silent', 'audit:migrate'], {
      encoding: 'utf8',
      env: { ...env, NODE_ENV: 'test', PGLITE_DIR: dir, APP_SECRET: TEST_SECRET, SEED_DEMO: '0' },
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^re-keyed org ${org.id}: entries 1–3 `));
    expect(run.status).toBe(0);

    const after = await openDatabase({ driver: 'pglite', dir });
    try {
      const keys = deriveKeys(TEST_SECRET).audit;
      expect(await verifyOrgChain(after.db, keys, org.id)).toMatchObject({ ok: true, checked: 4 });
    } finally {
      await after.close();
    }
    // Three PGlite openings and a tsx start on a shared machine.
  }, 180_000);
});
