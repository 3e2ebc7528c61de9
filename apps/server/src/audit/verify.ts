import type { AuditCheckpoint, AuditVerifyResponse } from '@gatehouse/shared';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { AuditKeys } from '../core/audit-keys.js';
import type { Executor } from '../db/client.js';
import { auditLogs, orgs } from '../db/schema/index.js';
import { canonicalEntry, digestOf, GENESIS_HASH } from './chain.js';
import { checkpointsBetween, isCheckpointSigned, lastCheckpoint } from './checkpoints.js';

/** Rows read per statement: one indexed range of audit_logs_org_seq_idx, a few ms each. */
export const VERIFY_BATCH_ROWS = 5_000;

type Row = typeof auditLogs.$inferSelect;
type Broken = { seq: number; reason: string };

/** What the walk carries from one row to the next: constant, whatever the chain's length. */
interface WalkState {
  expectedSeq: number;
  prevHash: string;
  digest: string;
}

/**
 * Why an unkeyed row fails: anyone who can write SQL can compute the old chain's sha256, so it
 * proves nothing until an operator re-keys a genuine one (decision 012, 2026-12 section).
 */
export const UNKEYED_ENTRY = 'unkeyed entry (old sha256 chain): re-key it with pnpm audit:migrate';

function checkRow(row: Row, state: WalkState, keys: AuditKeys): Broken | undefined {
  const { seq } = row;
  if (seq !== state.expectedSeq) return { seq: state.expectedSeq, reason: 'entry missing' };
  if (row.prevHash !== state.prevHash) return { seq, reason: 'previous hash does not match' };
  if (row.keyId === null) return { seq, reason: UNKEYED_ENTRY };
  const generation = keys.byId(row.keyId);
  if (!generation) return { seq, reason: `hashed under an unknown key ${row.keyId}` };
  const entry = canonicalEntry(row);
  if (keys.mac(row.prevHash, entry, generation) !== row.hash) {
    return { seq, reason: 'entry altered' };
  }
  state.digest = digestOf(state.digest, entry);
  if (row.digest !== state.digest) return { seq, reason: 'digest altered' };
  state.prevHash = row.hash;
  state.expectedSeq = seq + 1;
  return undefined;
}

/**
 * When the org was created, if it exists. Every org's first entry is its creation, written in the
 * same transaction (sign-up, the demo seed), so a log that is empty or begins later lost its
 * beginning: evidence outside the rows, which a DB writer can only hide by editing `orgs` too.
 */
async function orgCreatedAt(db: Executor, orgId: string): Promise<Date | undefined> {
  const [org] = await db.select({ createdAt: orgs.createdAt }).from(orgs).where(eq(orgs.id, orgId));
  return org?.createdAt;
}

function withoutSignature({ signature: _signature, ...rest }: AuditCheckpoint) {
  return rest;
}

export function checkSignature(checkpoint: AuditCheckpoint, keys: AuditKeys): Broken | undefined {
  const generation = keys.byId(checkpoint.keyId);
  if (!generation || !isCheckpointSigned(checkpoint, generation.publicKey)) {
    return { seq: checkpoint.seq, reason: 'checkpoint signature does not verify' };
  }
  return undefined;
}

/**
 * Walks one org's chain in seq order, a batch per statement, holding only the previous hash and
 * digest: every HMAC, the running digest, and each signed checkpoint against the row it signs.
 */
export async function verifyOrgChain(
  db: Executor,
  keys: AuditKeys,
  orgId: string,
  options: { batchRows?: number; onBatch?: () => Promise<void> } = {},
): Promise<AuditVerifyResponse> {
  const { batchRows = VERIFY_BATCH_ROWS, onBatch } = options;
  const last = await lastCheckpoint(db, orgId);
  const createdAt = await orgCreatedAt(db, orgId);
  const state: WalkState = { expectedSeq: 1, prevHash: GENESIS_HASH, digest: GENESIS_HASH };
  const report = (broken: Broken | undefined): AuditVerifyResponse => ({
    ok: broken === undefined,
    checked: state.expectedSeq - 1,
    brokenAt: broken?.seq ?? null,
    reason: broken?.reason ?? null,
    lastCheckpoint: last ? withoutSignature(last) : null,
  });
  const batchAfter = (seq: number) =>
    db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.orgId, orgId), gt(auditLogs.seq, seq)))
      .orderBy(asc(auditLogs.seq))
      .limit(batchRows);
  let pending: Promise<Row[]> | undefined = batchAfter(0);
  while (pending) {
    const rows: Row[] = await pending;
    const lastRow = rows[rows.length - 1];
    if (!lastRow) break;
    // The next batch is read while this one is hashed: the database and the CPU overlap.
    pending = rows.length < batchRows ? undefined : batchAfter(lastRow.seq);
    // A walk that stops early leaves the read it started; its failure is of no interest then.
    pending?.catch(() => undefined);
    await onBatch?.();
    const signed = await checkpointsBetween(db, orgId, state.expectedSeq, lastRow.seq);
    let next = 0;
    for (const row of rows) {
      const broken = checkRow(row, state, keys);
      if (broken) return report(broken);
      if (row.seq === 1 && createdAt && row.at > createdAt) {
        return report({ seq: 1, reason: 'the log begins after the org was created (entries cut)' });
      }
      const checkpoint = signed[next];
      if (checkpoint?.seq !== row.seq) continue;
      next += 1;
      const forged = checkSignature(checkpoint, keys);
      if (forged) return report(forged);
      if (checkpoint.hash !== row.hash || checkpoint.digest !== state.digest) {
        return report({ seq: row.seq, reason: 'entry differs from its signed checkpoint' });
      }
    }
    if (next < signed.length) {
      const orphan = signed[next];
      return report({ seq: orphan?.seq ?? state.expectedSeq, reason: 'entry missing' });
    }
  }
  if (last && last.seq >= state.expectedSeq) {
    const forged = checkSignature(last, keys);
    return report(
      forged ?? {
        seq: state.expectedSeq,
        reason: `entries up to ${last.seq} were signed and are gone (tail cut)`,
      },
    );
  }
  if (state.expectedSeq === 1 && createdAt) {
    return report({ seq: 1, reason: 'the log is empty, but the org exists (entries cut)' });
  }
  return report(undefined);
}
