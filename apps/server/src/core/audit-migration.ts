import { and, asc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Executor } from '../db/client.js';
import { auditLogs } from '../db/schema/index.js';
import { canonicalEntry, GENESIS_HASH, legacyEntryHash } from './audit-chain.js';
import { lastCheckpoint, writeCheckpoint } from './audit-checkpoints.js';
import type { AuditKeys } from './audit-keys.js';
import { VERIFY_BATCH_ROWS } from './audit-verify.js';

export type MigrationOutcome =
  | { orgId: string; status: 'migrated'; rows: number }
  | { orgId: string; status: 'refused'; brokenAt: number; reason: string };

class Refused extends Error {
  constructor(
    readonly brokenAt: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Orgs with rows of the old unkeyed chain (audit_logs_unkeyed_idx: empty once migrated). */
function unkeyedOrgs(db: Executor) {
  return db
    .selectDistinct({ orgId: auditLogs.orgId })
    .from(auditLogs)
    .where(and(isNull(auditLogs.keyId), isNotNull(auditLogs.orgId)));
}

/** Rewrites one batch's chain columns in one statement. */
async function rewriteBatch(
  db: Executor,
  keyId: string,
  rows: { id: string; prevHash: string; hash: string; digest: string }[],
): Promise<void> {
  const values = sql.join(
    rows.map((r) => sql`(${r.id}::uuid, ${r.prevHash}, ${r.hash}, ${r.digest})`),
    sql`, `,
  );
  await db.execute(sql`
    update audit_logs as a
    set prev_hash = v.prev_hash, hash = v.hash, digest = v.digest, key_id = ${keyId}
    from (values ${values}) as v(id, prev_hash, hash, digest)
    where a.id = v.id`);
}

/** Checks an org's unkeyed chain with the old algorithm and re-chains it under the HMAC key. */
async function migrateOrg(db: Executor, keys: AuditKeys, orgId: string, now: Date) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${orgId}, 0))`);
  if (await lastCheckpoint(db, orgId)) throw new Refused(0, 'a signed chain has unkeyed rows');
  let expectedSeq = 1;
  let oldPrev = GENESIS_HASH;
  let newPrev = GENESIS_HASH;
  let digest = GENESIS_HASH;
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
      const next = { id: row.id, prevHash: newPrev, hash, digest: row.hash };
      [oldPrev, newPrev, digest, expectedSeq] = [row.hash, hash, row.hash, row.seq + 1];
      return next;
    });
    if (rewritten.length > 0) await rewriteBatch(db, keys.current.keyId, rewritten);
    if (rows.length < VERIFY_BATCH_ROWS) break;
  }
  const head = { seq: expectedSeq - 1, hash: newPrev, digest };
  await writeCheckpoint(db, keys, orgId, head, 'migration', now);
  return head.seq;
}

/**
 * Once, at start: every org chain still on the old unkeyed sha256 (decision 002) is verified with
 * that algorithm and re-chained under the HMAC key, with a `migration` checkpoint. A chain that
 * was already broken is left as it is and reported: re-keying it would launder the break.
 */
export async function migrateUnkeyedAuditChains(
  db: Database,
  keys: AuditKeys,
  now: Date,
  logger: Logger,
): Promise<MigrationOutcome[]> {
  const outcomes: MigrationOutcome[] = [];
  for (const { orgId } of await unkeyedOrgs(db)) {
    if (!orgId) continue;
    try {
      const rows = await db.transaction((tx) => migrateOrg(tx, keys, orgId, now));
      logger.warn({ orgId, rows }, 'audit chain re-keyed from the unkeyed sha256 chain');
      outcomes.push({ orgId, status: 'migrated', rows });
    } catch (err: unknown) {
      if (!(err instanceof Refused)) throw err;
      logger.error(
        { orgId, brokenAt: err.brokenAt, reason: err.reason },
        'audit chain left unkeyed: it does not verify with the old algorithm',
      );
      outcomes.push({ orgId, status: 'refused', brokenAt: err.brokenAt, reason: err.reason });
    }
  }
  return outcomes;
}
