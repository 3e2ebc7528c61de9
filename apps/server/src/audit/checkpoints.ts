import type { KeyObject } from 'node:crypto';
import type { AuditCheckpoint } from '@gatehouse/shared';
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import { type AuditKeys, verifySignature } from '../core/audit-keys.js';
import type { Executor } from '../db/client.js';
import { auditCheckpoints } from '../db/schema/index.js';

export type CheckpointKind = AuditCheckpoint['kind'];
const MINUTE_MS = 60_000;

/** How the chain is keyed and how often its head is signed: built from AppDeps by the caller. */
export interface AuditChainConfig {
  keys: AuditKeys;
  checkpointEvery: { entries: number; minutes: number };
}

/** An org chain's head after an append: what a checkpoint signs. */
export interface ChainHead {
  seq: number;
  hash: string;
  digest: string;
}

type Unsigned = Omit<AuditCheckpoint, 'signature'>;

/**
 * The exact bytes an Ed25519 checkpoint signature covers: a JSON array in a fixed order, so the
 * server and the offline verifier cannot disagree on key order.
 */
export function checkpointPayload(c: Unsigned): string {
  return JSON.stringify([
    'gatehouse-audit-checkpoint/1',
    c.orgId,
    c.seq,
    c.hash,
    c.digest,
    c.signedAt,
    c.keyId,
    c.kind,
  ]);
}

export function isCheckpointSigned(c: AuditCheckpoint, publicKey: KeyObject): boolean {
  return verifySignature(publicKey, checkpointPayload(c), c.signature);
}

export function toCheckpoint(row: typeof auditCheckpoints.$inferSelect): AuditCheckpoint {
  return {
    orgId: row.orgId,
    seq: row.seq,
    hash: row.hash,
    digest: row.digest,
    signedAt: row.signedAt.toISOString(),
    keyId: row.keyId,
    kind: row.kind,
    signature: row.signature,
  };
}

/** `head` signed under the current key, as of `now`. */
export function signCheckpoint(
  keys: AuditKeys,
  orgId: string,
  head: ChainHead,
  kind: CheckpointKind,
  now: Date,
): AuditCheckpoint {
  const unsigned: Unsigned = {
    orgId,
    ...head,
    signedAt: now.toISOString(),
    keyId: keys.current.keyId,
    kind,
  };
  return { ...unsigned, signature: keys.sign(checkpointPayload(unsigned)) };
}

/** Whether an append that leaves the chain at `seq` signs it (see checkpointIfDue). */
export function isCheckpointDue(
  chain: AuditChainConfig,
  last: { seq: number; signedAt: Date } | undefined,
  seq: number,
  now: Date,
): boolean {
  return (
    !last ||
    seq - last.seq >= chain.checkpointEvery.entries ||
    (seq > last.seq &&
      now.getTime() - last.signedAt.getTime() >= chain.checkpointEvery.minutes * MINUTE_MS)
  );
}

/** Signs `head` under the current key and stores it, in the caller's transaction. */
export async function writeCheckpoint(
  db: Executor,
  keys: AuditKeys,
  orgId: string,
  head: ChainHead,
  kind: CheckpointKind,
  now: Date,
): Promise<AuditCheckpoint> {
  const checkpoint = signCheckpoint(keys, orgId, head, kind, now);
  await db
    .insert(auditCheckpoints)
    .values({ ...checkpoint, signedAt: now })
    .onConflictDoNothing();
  return checkpoint;
}

/** The org's newest checkpoint (audit_checkpoints_org_seq_idx). */
export async function lastCheckpoint(
  db: Executor,
  orgId: string,
): Promise<AuditCheckpoint | undefined> {
  const [row] = await db
    .select()
    .from(auditCheckpoints)
    .where(eq(auditCheckpoints.orgId, orgId))
    .orderBy(desc(auditCheckpoints.seq))
    .limit(1);
  return row ? toCheckpoint(row) : undefined;
}

/** The org's checkpoints with `from <= seq <= to`, in seq order (audit_checkpoints_org_seq_idx). */
export async function checkpointsBetween(
  db: Executor,
  orgId: string,
  from: number,
  to: number,
): Promise<AuditCheckpoint[]> {
  const rows = await db
    .select()
    .from(auditCheckpoints)
    .where(
      and(
        eq(auditCheckpoints.orgId, orgId),
        gte(auditCheckpoints.seq, from),
        lte(auditCheckpoints.seq, to),
      ),
    )
    .orderBy(auditCheckpoints.seq);
  return rows.map(toCheckpoint);
}
