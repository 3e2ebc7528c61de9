import { and, count, eq, isNull, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKEYED_ENTRY, verifyOrgChain } from '../src/audit/verify.js';
import { auditCheckpoints, auditLogs, orgs } from '../src/db/schema/index.js';
import { auditChainOf } from '../src/http/route-steps.js';
import { prepareDatabase } from '../src/startup.js';
import { createTestApp, ORIGIN, type TestApp, testConfig } from './support/app.js';
import { asText, cliVerify } from './support/audit.js';
import { forgeUnkeyedChain } from './support/legacy-chain.js';
import { PASSWORD, type SignedInAgent, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const MINUTE_MS = 60_000;

const verify = async (who: SignedInAgent) =>
  (await who.agent.get('/api/audit/verify').expect(200)).body;

async function exportedJsonl(who: SignedInAgent): Promise<string> {
  const res = await asText(who.agent.get('/api/audit/export?format=jsonl'));
  expect(res.status).toBe(200);
  await t.deps.background.drain();
  return String(res.body);
}

async function offlineVerdict(who: SignedInAgent, exported: string) {
  const key = (await who.agent.get('/api/audit/public-key').expect(200)).body.publicKey as string;
  return cliVerify(exported, key);
}

const signInAgain = (owner: SignedInAgent) =>
  owner.agent
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .send({ email: owner.email, password: PASSWORD })
    .expect(200);

/** An org with a failed sign-in in its log: what a forger would like to erase. */
async function orgWithAFailure() {
  const owner = await signUp(t);
  await request(t.app)
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .send({ email: owner.email, password: 'not-the-password' });
  await signInAgain(owner);
  return { owner, orgId: owner.body.org.id };
}

const unkeyedRows = async (orgId: string) => {
  const [row] = await t.deps.db
    .select({ n: count() })
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId), isNull(auditLogs.keyId)));
  return row?.n ?? 0;
};
const checkpointsOf = (orgId: string) =>
  t.deps.db.select().from(auditCheckpoints).where(eq(auditCheckpoints.orgId, orgId));

/** What main.ts runs before listening: a restart of the server on the same database. */
const restart = () => prepareDatabase(t.deps.db, { ...t.deps, chain: auditChainOf(t.deps) });

describe('a database writer without APP_SECRET', () => {
  it('cannot pass a rewritten log off as an old unkeyed chain, and a restart does not re-key it', async () => {
    const { owner, orgId } = await orgWithAFailure();
    // The forgery: checkpoints gone, the failed sign-in gone, the rest chained with the old sha256.
    const kept = await forgeUnkeyedChain(t.deps.db, orgId, (row) => row.action !== 'LOGIN_FAILURE');
    expect(kept).toBeGreaterThan(1);
    expect(await verify(owner)).toMatchObject({ ok: false, brokenAt: 1, reason: UNKEYED_ENTRY });

    await restart();
    expect(t.logs()).toContain('pnpm audit:migrate');
    expect(await unkeyedRows(orgId)).toBe(kept);
    expect(await checkpointsOf(orgId)).toEqual([]);
    expect(await verify(owner)).toMatchObject({ ok: false, brokenAt: 1, reason: UNKEYED_ENTRY });

    // Keyed entries appended after the forged ones do not make it pass, online or offline.
    await signInAgain(owner);
    const exported = await exportedJsonl(owner);
    expect(await verify(owner)).toMatchObject({ ok: false, brokenAt: 1, reason: UNKEYED_ENTRY });
    expect(await offlineVerdict(owner, exported)).toEqual({
      code: 1,
      output: `BROKEN at seq 1: ${UNKEYED_ENTRY}`,
    });
  });

  it('cannot empty an org’s log, nor let it start again after the cut', async () => {
    const { owner, orgId } = await orgWithAFailure();
    await t.deps.db.delete(auditCheckpoints).where(eq(auditCheckpoints.orgId, orgId));
    await t.deps.db.delete(auditLogs).where(eq(auditLogs.orgId, orgId));
    expect(await verify(owner)).toMatchObject({
      ok: false,
      checked: 0,
      brokenAt: 1,
      reason: 'the log is empty, but the org exists (entries cut)',
    });
    // The next entry starts a new chain at seq 1, keyed and signed: it begins too late.
    t.clock.advance(MINUTE_MS);
    await signInAgain(owner);
    expect(await verify(owner)).toMatchObject({
      ok: false,
      brokenAt: 1,
      reason: 'the log begins after the org was created (entries cut)',
    });
  });

  it('cannot cut the log below its last checkpoint, online or offline', async () => {
    const { owner, orgId } = await orgWithAFailure();
    t.clock.advance(10 * MINUTE_MS);
    await signInAgain(owner);
    const signed = await checkpointsOf(orgId);
    const last = Math.max(...signed.map((c) => c.seq));
    expect(last).toBeGreaterThan(2);
    await t.deps.db.execute(sql`delete from audit_logs where org_id = ${orgId} and seq > 1`);
    expect(await verify(owner)).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: `entries up to ${last} were signed and are gone (tail cut)`,
    });
    // The export appends its own entry at seq 2 and carries the checkpoint beyond it.
    const exported = await exportedJsonl(owner);
    expect(await offlineVerdict(owner, exported)).toEqual({
      code: 1,
      output: `BROKEN at seq 3: entries up to ${last} were signed and are gone (tail cut)`,
    });
  });
});

describe('every org’s log begins with its creation', () => {
  it('the demo seed records its users, so a seeded org verifies before anyone signs in', async () => {
    const fresh = await createTestApp();
    try {
      const config = testConfig({ SEED_DEMO: '1' });
      await prepareDatabase(fresh.deps.db, {
        ...fresh.deps,
        config,
        chain: auditChainOf(fresh.deps),
      });
      const seeded = await fresh.deps.db.select().from(orgs);
      expect(seeded.map((o) => o.slug).sort()).toEqual(['acme', 'globex']);
      for (const org of seeded) {
        const report = await verifyOrgChain(fresh.deps.db, fresh.deps.keys.audit, org.id);
        const users = org.slug === 'acme' ? 3 : 1;
        expect(report).toMatchObject({ ok: true, checked: users, lastCheckpoint: { seq: users } });
      }
    } finally {
      await fresh.close();
    }
  });
});
