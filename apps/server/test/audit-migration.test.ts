import { createHash, randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../src/core/audit-chain.js';
import { migrateUnkeyedAuditChains } from '../src/core/audit-migration.js';
import { verifyOrgChain } from '../src/core/audit-verify.js';
import { auditCheckpoints, auditLogs } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { appendVolume, asText, cliVerify } from './support/audit.js';
import { signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The canonical JSON of decision 002, as it was written then. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Writes `count` rows the way the code before decision 012 did: sha256(prev ‖ canonical row). */
async function insertUnkeyedChain(orgId: string, count: number): Promise<void> {
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const row = {
      orgId,
      seq,
      at: new Date(Date.UTC(2026, 0, 1, 0, seq)),
      actorUserId: null,
      realUserId: null,
      isImpersonating: false,
      action: 'LOGIN_FAILURE',
      outcome: 'FAIL' as const,
      targetType: null,
      targetId: null,
      ip: '192.0.2.1',
      userAgent: 'old',
      country: null,
      city: null,
      failureReason: 'INVALID_CREDENTIALS',
      before: null,
      after: null,
      metadata: {
        email: `old-${seq}@example.test`,
        attempt: seq,
        nested: { b: [1, 'x'], a: null },
      },
    };
    const hash = createHash('sha256').update(prevHash).update(canonicalJson(row)).digest('hex');
    await t.deps.db.insert(auditLogs).values({ ...row, prevHash, hash });
    prevHash = hash;
  }
}

const migrate = async (orgId: string) =>
  (
    await migrateUnkeyedAuditChains(t.deps.db, t.deps.keys.audit, t.clock.now(), t.deps.logger)
  ).filter((outcome) => outcome.orgId === orgId);

describe('migrating the old unkeyed chain', () => {
  it('re-keys an intact chain once, with a migration checkpoint, and it verifies offline', async () => {
    const owner = await signUp(t);
    const orgId = owner.body.org.id;
    // The org's history as the old code wrote it.
    await t.deps.db.delete(auditLogs).where(eq(auditLogs.orgId, orgId));
    await t.deps.db.delete(auditCheckpoints).where(eq(auditCheckpoints.orgId, orgId));
    await insertUnkeyedChain(orgId, 7);
    const [oldHead] = await t.deps.db
      .select({ hash: auditLogs.hash })
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.seq, 7)));

    expect(await migrate(orgId)).toEqual([{ orgId, status: 'migrated', rows: 7 }]);
    expect(await migrate(orgId)).toEqual([]);
    const unkeyed = await t.deps.db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, orgId), isNull(auditLogs.keyId)));
    expect(unkeyed).toEqual([]);
    const report = await verifyOrgChain(t.deps.db, t.deps.keys.audit, orgId);
    expect(report).toMatchObject({
      ok: true,
      checked: 7,
      lastCheckpoint: { seq: 7, kind: 'migration', digest: oldHead?.hash },
    });

    // The chain goes on under the key, and an export of it all verifies with the public key.
    await appendVolume(t, orgId, 3);
    const res = await asText(owner.agent.get('/api/audit/export?format=jsonl'));
    await t.deps.background.drain();
    const key = (await owner.agent.get('/api/audit/public-key')).body.publicKey;
    expect(await cliVerify(String(res.body), key)).toEqual({
      code: 0,
      output: `OK: 11 entries of org ${orgId}, seq 1–11, signed through seq 11`,
    });
  });

  it('leaves a chain that was already broken unkeyed, and says where it broke', async () => {
    const orgId = randomUUID();
    await insertUnkeyedChain(orgId, 4);
    await t.deps.db.execute(
      sql`update audit_logs set ip = '203.0.113.9' where org_id = ${orgId} and seq = 2`,
    );
    expect(await migrate(orgId)).toEqual([
      { orgId, status: 'refused', brokenAt: 2, reason: 'entry altered before the migration' },
    ]);
    expect(t.logs()).toContain('audit chain left unkeyed');
    const checkpoints = await t.deps.db
      .select()
      .from(auditCheckpoints)
      .where(eq(auditCheckpoints.orgId, orgId));
    expect(checkpoints).toEqual([]);
    expect(await verifyOrgChain(t.deps.db, t.deps.keys.audit, orgId)).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: 'entry altered',
    });
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
      reason: 'unkeyed entry in a signed chain',
    });
    expect(await migrate(orgId)).toMatchObject([{ status: 'refused' }]);
  });
});
