import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHead, lockChain } from '../src/audit/chain.js';
import { type AuditChainConfig, writeCheckpoint } from '../src/audit/checkpoints.js';
import { type AuditRowInput, appendAuditRows, verifyOrgChain } from '../src/audit/index.js';
import { auditCheckpoints, auditLogs } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { signUp } from './support/users.js';

let t: TestApp;
let other: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  other = await createTestApp({ handle: t.handle });
});
afterAll(async () => {
  await other.close();
  await t.close();
});

function row(orgId: string, n: number): AuditRowInput {
  return {
    orgId,
    action: 'SESSION_REVOKED',
    outcome: 'SUCCESS',
    actorUserId: null,
    realUserId: null,
    isImpersonating: false,
    targetType: 'session',
    targetId: `target-${n}`,
    ip: '192.0.2.1',
    userAgent: null,
    country: null,
    city: null,
    failureReason: null,
    before: null,
    after: { n },
    metadata: null,
  };
}

/** Two instances' chains: the same keys, each its own kept heads. Checkpoints every 5 rows. */
const chainOf = (app: TestApp): AuditChainConfig => ({
  keys: app.deps.keys.audit,
  checkpointEvery: { entries: 5, minutes: 60 },
});

class RolledBack extends Error {}

describe('appending to one chain from many transactions (decision 026)', () => {
  it('keeps the chain whole across two instances, rolled-back appends and an export checkpoint', async () => {
    const owner = await signUp(t);
    const orgId: string = owner.body.org.id;
    const [{ count: before } = { count: 0 }] = await t.deps.db
      .select({ count: sql<number>`count(*)::int` })
      .from(auditLogs)
      .where(eq(auditLogs.orgId, orgId));
    const at = t.clock.now();
    const chains = [chainOf(t), chainOf(other)];
    let committed = 0;
    let exported = false;
    const writes = Array.from({ length: 60 }, async (_, i) => {
      const chain = chains[i % 2] as AuditChainConfig;
      const rows = i % 7 === 3 ? [row(orgId, i), row(orgId, i)] : [row(orgId, i)];
      try {
        await t.deps.db.transaction(async (tx) => {
          await appendAuditRows(tx, rows, at, chain, {
            durableAfterCommit: i % 3 === 0,
            endsTransaction: i % 4 !== 1,
          });
          // Every fifth append is rolled back after it appended: the next one's guess is wrong.
          if (i % 5 === 4) throw new RolledBack();
        });
        committed += rows.length;
      } catch (err) {
        if (!(err instanceof RolledBack)) throw err;
      }
    });
    // An export signs a checkpoint around the append path, under the lock, mid-way.
    const exportCheckpoint = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await t.deps.db.transaction(async (tx) => {
        await lockChain(tx, orgId);
        const head = await chainHead(tx, orgId);
        if (!head?.digest) throw new Error('no head');
        await writeCheckpoint(
          tx,
          t.deps.keys.audit,
          orgId,
          { ...head, digest: head.digest },
          'export',
          at,
        );
      });
      exported = true;
    })();
    await Promise.all([...writes, exportCheckpoint]);

    const seqs = (
      await t.deps.db
        .select({ seq: auditLogs.seq })
        .from(auditLogs)
        .where(eq(auditLogs.orgId, orgId))
        .orderBy(auditLogs.seq)
    ).map((r) => r.seq);
    expect(seqs).toHaveLength(before + committed);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(committed).toBeGreaterThan(40);
    expect(exported).toBe(true);
    const checkpoints = await t.deps.db
      .select({ seq: auditCheckpoints.seq })
      .from(auditCheckpoints)
      .where(eq(auditCheckpoints.orgId, orgId));
    expect(checkpoints.length).toBeGreaterThan(5);
    expect(await verifyOrgChain(t.deps.db, t.deps.keys.audit, orgId)).toMatchObject({
      ok: true,
      checked: seqs.length,
    });
  });

  it('continues from the chain when another instance appended since its own last append', async () => {
    const owner = await signUp(t);
    const orgId: string = owner.body.org.id;
    const at = t.clock.now();
    for (const chain of [chainOf(t), chainOf(other), chainOf(t), chainOf(other)])
      await t.deps.db.transaction((tx) => appendAuditRows(tx, [row(orgId, 1)], at, chain));
    expect(await verifyOrgChain(t.deps.db, t.deps.keys.audit, orgId)).toMatchObject({ ok: true });
  });

  // PGlite has one session: a second transaction cannot be open while the first holds the lock.
  it.runIf(process.env.GH_TEST_DB === 'postgres')(
    'does not wait for a queued request when its own transaction already holds the lock',
    async () => {
      const owner = await signUp(t);
      const orgId: string = owner.body.org.id;
      const at = t.clock.now();
      const chain = chainOf(t);
      let queued: Promise<void> | undefined;
      await t.deps.db.transaction(async (tx) => {
        // A migration's shape: the lock first, then an append in the same transaction...
        await lockChain(tx, orgId);
        // ...while a request's append to the org is queued behind that lock.
        let begun: () => void = () => {};
        const inRequest = new Promise<void>((resolve) => {
          begun = resolve;
        });
        queued = t.deps.db.transaction(async (request) => {
          const appending = appendAuditRows(request, [row(orgId, 1)], at, chain, {
            endsTransaction: true,
          });
          begun();
          await appending;
        });
        await inRequest;
        await appendAuditRows(tx, [row(orgId, 2)], at, chain);
      });
      await queued;
      expect(await verifyOrgChain(t.deps.db, t.deps.keys.audit, orgId)).toMatchObject({
        ok: true,
      });
    },
  );
});
