import { spawnSync } from 'node:child_process';
import { and, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCheckpoints, auditLogs } from '../src/db/schema/index.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { appendVolume, asText, cliVerify, tempFile } from './support/audit.js';
import { PASSWORD, type SignedInAgent, signIn, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const MINUTE_MS = 60_000;

async function exportOf(who: SignedInAgent, query = 'format=jsonl') {
  const res = await asText(who.agent.get(`/api/audit/export?${query}`));
  expect(res.status).toBe(200);
  await t.deps.background.drain();
  return res;
}
async function publicKey(who: SignedInAgent): Promise<string> {
  const res = await who.agent.get('/api/audit/public-key').expect(200);
  return res.body.publicKey as string;
}
const verify = async (who: SignedInAgent) =>
  (await who.agent.get('/api/audit/verify').expect(200)).body;

/** Signs in again in the owner's own browser (its `gh_device`), so no new-device alert is raised. */
const signInAgain = (owner: SignedInAgent) =>
  owner.agent
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .send({ email: owner.email, password: PASSWORD })
    .expect(200);

/** An org with a few entries: sign-up, two sign-ins and a failed one. */
async function busyOrg() {
  const owner = await signUp(t);
  await signInAgain(owner);
  await request(t.app)
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .send({ email: owner.email, password: 'not-the-password' });
  await signInAgain(owner);
  return { owner, orgId: owner.body.org.id };
}

describe('the audit export and its offline proof', () => {
  it('exports JSONL that the CLI verifies with nothing but the public key', async () => {
    const { owner, orgId } = await busyOrg();
    const res = await exportOf(owner);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-.*\.jsonl"$/);
    const lines = String(res.body)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'header', orgId, throughSeq: 5 });
    expect(lines.filter((l) => l.type === 'entry').map((l) => l.action)).toEqual([
      'USER_SIGNED_UP',
      'LOGIN_SUCCESS',
      'LOGIN_FAILURE',
      'LOGIN_SUCCESS',
      'AUDIT_EXPORTED',
    ]);
    // The first entry is signed at once, the export signs the head it stops at.
    expect(lines.filter((l) => l.type === 'checkpoint').map((l) => [l.seq, l.kind])).toEqual([
      [1, 'interval'],
      [5, 'export'],
    ]);
    expect(lines.at(-1)).toEqual({ type: 'end', entries: 5 });
    const cli = await cliVerify(String(res.body), await publicKey(owner));
    expect(cli).toEqual({
      code: 0,
      output: `OK: 5 entries of org ${orgId}, seq 1–5, signed through seq 5`,
    });
    expect(await verify(owner)).toMatchObject({
      ok: true,
      checked: 5,
      brokenAt: null,
      lastCheckpoint: { seq: 5, kind: 'export' },
    });
  });

  it('records the export with its format and filters', async () => {
    const { owner, orgId } = await busyOrg();
    await exportOf(owner, 'format=csv&action=LOGIN_FAILURE&outcome=FAIL');
    const [row] = await t.deps.db
      .select({ actorUserId: auditLogs.actorUserId, metadata: auditLogs.metadata })
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.action, 'AUDIT_EXPORTED')));
    expect(row).toMatchObject({
      actorUserId: owner.body.user.id,
      metadata: { format: 'csv', filters: { action: ['LOGIN_FAILURE'], outcome: 'FAIL' } },
    });
  });

  it('catches a row edited in SQL, online and offline', async () => {
    const { owner, orgId } = await busyOrg();
    await t.deps.db.execute(
      sql`update audit_logs set ip = '203.0.113.66' where org_id = ${orgId} and seq = 3`,
    );
    expect(await verify(owner)).toMatchObject({ ok: false, brokenAt: 3, reason: 'entry altered' });
    const cli = await cliVerify(String((await exportOf(owner)).body), await publicKey(owner));
    expect(cli).toEqual({ code: 1, output: 'BROKEN at seq 3: entry altered' });
  });

  it('catches a rewritten hash and a deleted middle row', async () => {
    const first = await busyOrg();
    await t.deps.db.execute(
      sql`update audit_logs set hash = md5(hash) || md5(hash) where org_id = ${first.orgId} and seq = 2`,
    );
    expect(await verify(first.owner)).toMatchObject({ ok: false, brokenAt: 2 });
    const second = await busyOrg();
    await t.deps.db.execute(sql`delete from audit_logs where org_id = ${second.orgId} and seq = 3`);
    expect(await verify(second.owner)).toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: 'entry missing',
    });
  });

  it('signs the head every M minutes of the injected clock, and catches a cut tail', async () => {
    const { owner, orgId } = await busyOrg();
    t.clock.advance(10 * MINUTE_MS);
    await signInAgain(owner);
    const signed = await t.deps.db
      .select({ seq: auditCheckpoints.seq, kind: auditCheckpoints.kind })
      .from(auditCheckpoints)
      .where(sql`${auditCheckpoints.orgId} = ${orgId}`)
      .orderBy(auditCheckpoints.seq);
    expect(signed).toEqual([
      { seq: 1, kind: 'interval' },
      { seq: 5, kind: 'interval' },
    ]);
    await t.deps.db.execute(sql`delete from audit_logs where org_id = ${orgId} and seq >= 4`);
    expect(await verify(owner)).toMatchObject({
      ok: false,
      checked: 3,
      brokenAt: 4,
      reason: 'entries up to 5 were signed and are gone (tail cut)',
      lastCheckpoint: { seq: 5 },
    });
  });

  it('catches a forged checkpoint signature, online and offline', async () => {
    const { owner, orgId } = await busyOrg();
    const res = await exportOf(owner);
    const forged = String(res.body).replace(
      /("type":"checkpoint".*"seq":1,.*"signature":")([A-Za-z0-9+/]{4})/,
      (_all, head: string, sig: string) => `${head}${sig === 'AAAA' ? 'BBBB' : 'AAAA'}`,
    );
    expect(forged).not.toBe(String(res.body));
    expect(await cliVerify(forged, await publicKey(owner))).toEqual({
      code: 1,
      output: 'BROKEN at seq 1: checkpoint signature does not verify with the public key',
    });
    await t.deps.db.execute(
      sql`update audit_checkpoints set digest = repeat('0', 64) where org_id = ${orgId} and seq = 1`,
    );
    expect(await verify(owner)).toMatchObject({
      ok: false,
      brokenAt: 1,
      reason: 'checkpoint signature does not verify',
    });
  });

  it('refuses an export whose key is not the one given, or that was cut short', async () => {
    const { owner } = await busyOrg();
    const body = String((await exportOf(owner)).body);
    const other = await createTestApp({
      handle: t.handle,
      config: (await import('./support/app.js')).testConfig({
        APP_SECRET: 'another-secret-that-is-long-enough-0123456789',
      }),
    });
    const otherKey = other.deps.keys.audit.current.publicKeyPem;
    await other.close();
    expect((await cliVerify(body, otherKey)).code).toBe(1);
    const cut = body.split('\n').slice(0, 4).join('\n');
    expect(await cliVerify(cut, await publicKey(owner))).toMatchObject({ code: 1 });
  });
});

describe('the pnpm audit:verify command', () => {
  it('exits 0 with a summary for an intact export and 1 with the broken seq otherwise', async () => {
    const { owner } = await busyOrg();
    const body = String((await exportOf(owner)).body);
    const key = tempFile('key.pem', await publicKey(owner));
    const run = (exported: string) =>
      spawnSync(
        'pnpm',
        ['--silent', 'audit:verify', tempFile('e.jsonl', exported), '--public-key', key],
        {
          encoding: 'utf8',
        },
      );
    const good = run(body);
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/^OK: 5 entries of org /);
    const bad = run(body.replace('"LOGIN_FAILURE"', '"LOGIN_SUCCESS"'));
    expect(bad.status).toBe(1);
    expect(bad.stdout.trim()).toBe('BROKEN at seq 3: entry altered');
  });
});

describe('CSV export', () => {
  it('is RFC 4180 with formula-like cells neutralised, after a `;` too', async () => {
    const owner = await signUp(t);
    await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .set('User-Agent', '=HYPERLINK("http://evil.test","click")')
      .send({ email: owner.email, password: 'not-the-password' });
    await signIn(t, owner.email, undefined, '@SUM(1,2)');
    await signIn(t, owner.email, undefined, '-2+3 "quoted"');
    // Read in a `;`-locale spreadsheet, the cell is split at the `;`: the second half is text too.
    await signIn(t, owner.email, undefined, 'Mozilla/5.0;=HYPERLINK("http://evil.test")');
    const res = await exportOf(owner, 'format=csv');
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-.*\.csv"$/);
    const text = String(res.body);
    expect(text.startsWith('seq,at,action,actionLabel,outcome,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.test"",""click"")",`);
    expect(text).toContain(`,"'@SUM(1,2)",`);
    expect(text).toContain(`,"'-2+3 ""quoted""",`);
    expect(text).toContain(`,"Mozilla/5.0;'=HYPERLINK(""http://evil.test"")",`);
    expect(text).not.toMatch(/[,;"]=HYPERLINK|,"@SUM|,"-2/);
  });
});

describe('a large export', () => {
  it('streams a few thousand entries in windows, every one covered by a checkpoint', async () => {
    const owner = await signUp(t);
    const orgId = owner.body.org.id;
    await appendVolume(t, orgId, 6_200);
    const res = await exportOf(owner);
    const cli = await cliVerify(String(res.body), await publicKey(owner));
    expect(cli).toEqual({
      code: 0,
      output: `OK: 6202 entries of org ${orgId}, seq 1–6202, signed through seq 6202`,
    });
    expect(String(res.body).match(/"type":"checkpoint"/g)).toHaveLength(8);
    const csv = await exportOf(owner, 'format=csv&action=USER_SIGNED_UP&action=AUDIT_EXPORTED');
    expect(String(csv.body).trim().split('\r\n')).toHaveLength(4);
    expect(await verify(owner)).toMatchObject({ ok: true, checked: 6203 });
  });
});
