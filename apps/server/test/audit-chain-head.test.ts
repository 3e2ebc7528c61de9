import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyOrgChain } from '../src/audit/index.js';
import { auditChainHeads, auditCheckpoints, auditLogs } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { signIn, signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function lastRow(orgId: string) {
  const [row] = await t.deps.db
    .select({ seq: auditLogs.seq, hash: auditLogs.hash, digest: auditLogs.digest })
    .from(auditLogs)
    .where(eq(auditLogs.orgId, orgId))
    .orderBy(desc(auditLogs.seq))
    .limit(1);
  return row;
}

async function keptHead(orgId: string) {
  const [row] = await t.deps.db
    .select({
      seq: auditChainHeads.seq,
      hash: auditChainHeads.hash,
      digest: auditChainHeads.digest,
    })
    .from(auditChainHeads)
    .where(eq(auditChainHeads.orgId, orgId));
  return row;
}

const verify = (orgId: string) => verifyOrgChain(t.deps.db, t.deps.keys.audit, orgId);

describe("the org's chain head (decision 026)", () => {
  it('is kept beside the chain by every append', async () => {
    const owner = await signUp(t);
    const orgId: string = owner.body.org.id;
    await signIn(t, owner.email);
    const last = await lastRow(orgId);
    expect(last?.seq).toBeGreaterThan(1);
    expect(await keptHead(orgId)).toEqual(last);
  });

  it('is only a copy: after a restore cut the chain back, appends continue from the chain', async () => {
    const owner = await signUp(t);
    const orgId: string = owner.body.org.id;
    for (let i = 0; i < 3; i += 1) await signIn(t, owner.email);
    const before = await lastRow(orgId);
    if (!before) throw new Error('no rows');
    const keep = before.seq - 4;
    await t.deps.db.execute(
      sql`delete from audit_checkpoints where org_id = ${orgId} and seq > ${keep}`,
    );
    await t.deps.db.execute(sql`delete from audit_logs where org_id = ${orgId} and seq > ${keep}`);
    await signIn(t, owner.email);
    const after = await lastRow(orgId);
    // The sign-in's rows follow the kept ones (seq keep + 1 onwards, chained on row `keep`).
    expect(after?.seq).toBeGreaterThan(keep);
    expect(after?.seq).toBeLessThan(before.seq);
    expect(await keptHead(orgId)).toEqual(after);
    expect(await verify(orgId)).toMatchObject({ ok: true, checked: after?.seq });
  });

  it('is never trusted over the chain: a forged head changes nothing the chain says', async () => {
    const owner = await signUp(t);
    const orgId: string = owner.body.org.id;
    const before = await lastRow(orgId);
    if (!before) throw new Error('no rows');
    await t.deps.db
      .update(auditChainHeads)
      .set({ seq: before.seq + 10, hash: 'f'.repeat(64), digest: 'e'.repeat(64) })
      .where(eq(auditChainHeads.orgId, orgId));
    await signIn(t, owner.email);
    const after = await lastRow(orgId);
    // Trusted, the head would have put the sign-in's rows after seq before + 10.
    expect(after?.seq).toBeGreaterThan(before.seq);
    expect(after?.seq).toBeLessThan(before.seq + 10);
    expect(await keptHead(orgId)).toEqual(after);
    const checkpoints = await t.deps.db
      .select({ seq: auditCheckpoints.seq })
      .from(auditCheckpoints)
      .where(eq(auditCheckpoints.orgId, orgId));
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(await verify(orgId)).toMatchObject({ ok: true, checked: after?.seq });
  });
});
