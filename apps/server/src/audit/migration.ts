import { parseAuditPayload } from '@gatehouse/shared';
import { and, asc, eq, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AuditKeys } from '../core/audit-keys.js';
import type { Database, Executor } from '../db/client.js';
import { auditLogs } from '../db/schema/index.js';
import {
  appendAuditRows,
  canonicalEntry,
  GENESIS_HASH,
  legacyEntryHash,
  lockChain,
} from './chain.js';
import { type AuditChainConfig, lastCheckpoint, writeCheckpoint } from './checkpoints.js';
import { VERIFY_BATCH_ROWS } from './verify.js';

export const MIGRATE_COMMAND = 'pnpm audit:migrate';

/** What re-keying found in one org: done, possible (a dry run), or refused where it broke. */
export type MigrationOutcome =
  | { orgId: string; status: 'migrated' | 'ready'; rows: number; legacyHead: string }
  | { orgId: string; status: 'refused'; brokenAt: number; reason: string };

class Refused extends Error {
  constructor(
    readonly brokenAt: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Thrown at the end of a dry run's transaction, so everything it wrote rolls back. */
class DryRun extends Error {
  constructor(readonly result: { rows: number; legacyHead: string }) {
    super('dry run');
  }
}

/** Orgs with rows of the old unkeyed chain (audit_logs_unkeyed_idx: empty once migrated). */
function unkeyedOrgs(db: Executor, only?: readonly string[]) {
  return db
    .selectDistinct({ orgId: auditLogs.orgId })
    .from(auditLogs)
    .where(
      and(
        isNull(auditLogs.keyId),
        isNotNull(auditLogs.orgId),
        only ? inArray(auditLogs.orgId, [...only]) : undefined,
      ),
    );
}

/**
 * At start: names the orgs whose log is still the old unkeyed chain, and the command that re-keys
 * it. Changes nothing: a DB writer can forge such a chain, so only an operator may re-key one.
 */
export async function warnOfUnkeyedChains(db: Executor, logger: Logger): Promise<string[]> {
  const orgIds = (await unkeyedOrgs(db)).flatMap((r) => (r.orgId ? [r.orgId] : []));
  if (orgIds.length > 0) {
    logger.warn(
      { orgIds, command: MIGRATE_COMMAND },
      `audit chains with unkeyed rows fail verification until an operator checks them and runs ${MIGRATE_COMMAND}`,
    );
  }
  return orgIds;
}

/** node-postgres and PGlite both answer `rows`: what a write with `returning` touched. */
const returnedRows = z.object({ rows: z.array(z.unknown()) });

/** Rewrites one batch's chain columns in one statement, within the org, every row or none. */
async function rewriteBatch(
  db: Executor,
  orgId: string,
  keyId: string,
  rows: { id: string; prevHash: string; hash: string; digest: string }[],
): Promise<void> {
  const values = sql.join(
    rows.map((r) => sql`(${r.id}::uuid, ${r.prevHash}, ${r.hash}, ${r.digest})`),
    sql`, `,
  );
  const result = await db.execute(sql`
    update audit_logs as a
    set prev_hash = v.prev_hash, hash = v.hash, digest = v.digest, key_id = ${keyId}
    from (values ${values}) as v(id, prev_hash, hash, digest)
    where a.id = v.id and a.org_id = ${orgId} and a.key_id is null
    returning a.id`);
  if (returnedRows.parse(result).rows.length !== rows.length) {
    throw new Error('audit rows changed while they were being re-keyed');
  }
}

/** Checks an org's unkeyed chain with the old algorithm and re-chains it under the HMAC key. */
async function rekeyRows(db: Executor, keys: AuditKeys, orgId: string) {
  let expectedSeq = 1;
  let oldPrev = GENESIS_HASH;
  let newPrev = GENESIS_HASH;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, orgId), gt(auditLogs.seq, expectedSeq - 1)))
      .orderBy(asc(auditLogs.seq))
      .limit(VERIFY_BATCH_ROWS);
    const rewritten = rows.map((row) => {
      if (row.seq !== expectedSeq) throw new Refused(expectedSeq, 'entry missing');
      if (row.keyId !== null) throw new Refused(row.seq, 'keyed entry after unkeyed ones');
      if (row.prevHash !== oldPrev || legacyEntryHash(row) !== row.hash) {
        throw new Refused(row.seq, 'entry altered before the migration');
      }
      const hash = keys.mac(newPrev, canonicalEntry(row));
      // The old hash is the running digest of the same entries (decision 012).
      const next = { id: row.id, prevHash: newPrev, hash, digest: row.hash };
      [oldPrev, newPrev, expectedSeq] = [row.hash, hash, row.seq + 1];
      return next;
    });
    if (rewritten.length > 0) await rewriteBatch(db, orgId, keys.current.keyId, rewritten);
    if (rows.length < VERIFY_BATCH_ROWS) break;
  }
  return { head: { seq: expectedSeq - 1, hash: newPrev, digest: oldPrev }, legacyHead: oldPrev };
}

/**
 * Re-keys one org in the caller's transaction: the rows, a `migration` checkpoint over them (its
 * digest is the old head), then an AUDIT_CHAIN_MIGRATED entry saying what was re-keyed, signed
 * by a second `migration` checkpoint so the record cannot be cut off unseen.
 */
async function migrateOrg(db: Executor, chain: AuditChainConfig, orgId: string, now: Date) {
  await lockChain(db, orgId);
  if (await lastCheckpoint(db, orgId)) throw new Refused(0, 'a signed chain has unkeyed rows');
  const { head, legacyHead } = await rekeyRows(db, chain.keys, orgId);
  await writeCheckpoint(db, chain.keys, orgId, head, 'migration', now);
  const payload = parseAuditPayload('AUDIT_CHAIN_MIGRATED', {
    metadata: {
      throughSeq: head.seq,
      legacyHead,
      keyId: chain.keys.current.keyId,
      command: MIGRATE_COMMAND,
    },
  });
  const record = {
    orgId,
    action: 'AUDIT_CHAIN_MIGRATED' as const,
    outcome: 'SUCCESS' as const,
    actorUserId: null,
    realUserId: null,
    isImpersonating: false,
    targetType: 'audit_chain',
    targetId: orgId,
    ip: null,
    userAgent: MIGRATE_COMMAND,
    country: null,
    city: null,
    failureReason: null,
    ...payload,
  };
  await appendAuditRows(db, [record], now, chain);
  const [recorded] = await db
    .select({ seq: auditLogs.seq, hash: auditLogs.hash, digest: auditLogs.digest })
    .from(auditLogs)
    .where(and(eq(auditLogs.orgId, orgId), eq(auditLogs.seq, head.seq + 1)));
  if (!recorded?.digest) throw new Error('the AUDIT_CHAIN_MIGRATED entry was not appended');
  await writeCheckpoint(
    db,
    chain.keys,
    orgId,
    { ...recorded, digest: recorded.digest },
    'migration',
    now,
  );
  return { rows: head.seq, legacyHead };
}

/**
 * `pnpm audit:migrate`: every org chain still on the old unkeyed sha256 (decision 002), or only
 * `orgIds`, is verified with that algorithm and re-chained under the HMAC key, one transaction
 * per org. A broken chain is left as it is (re-keying it would launder the break). A dry run
 * does all of it and rolls it back.
 */
export async function migrateUnkeyedAuditChains(
  db: Database,
  chain: AuditChainConfig,
  now: Date,
  options: { orgIds?: readonly string[]; dryRun?: boolean } = {},
): Promise<MigrationOutcome[]> {
  const outcomes: MigrationOutcome[] = [];
  for (const { orgId } of await unkeyedOrgs(db, options.orgIds)) {
    if (!orgId) continue;
    try {
      const result = await db.transaction(async (tx) => {
        const done = await migrateOrg(tx, chain, orgId, now);
        if (options.dryRun) throw new DryRun(done);
        return done;
      });
      outcomes.push({ orgId, status: 'migrated', ...result });
    } catch (err: unknown) {
      if (err instanceof DryRun) outcomes.push({ orgId, status: 'ready', ...err.result });
      else if (err instanceof Refused) {
        outcomes.push({ orgId, status: 'refused', brokenAt: err.brokenAt, reason: err.reason });
      } else throw err;
    }
  }
  return outcomes;
}
