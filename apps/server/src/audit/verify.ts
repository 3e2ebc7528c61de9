import type { AuditCheckpoint, AuditVerifyResponse } from '@gatehouse/shared';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditKeys } from '../core/audit-keys.js';
import type { Executor } from '../db/client.js';
import { orgs } from '../db/schema/index.js';
import { canonicalEntry, digestOf, GENESIS_HASH } from './chain.js';
import { checkpointsBetween, isCheckpointSigned, lastCheckpoint } from './checkpoints.js';

/** Rows read per statement: one indexed range of audit_logs_org_seq_idx, a few ms each. */
export const VERIFY_BATCH_ROWS = 5_000;
/** Batches read ahead of the one being hashed (each on its own pooled connection). */
const READ_AHEAD = 3;

/**
 * A row as the walk reads it: every column under its Drizzle name, straight from Postgres' JSON
 * (no Drizzle mapping), `at` already the ISO text a Date would give. What the chain hashes is
 * the same either way: canonicalEntry sorts the keys and writes a Date as that text.
 */
interface Row extends Record<string, unknown> {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
  keyId: string | null;
  digest: string | null;
}
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

const rawRows = z.object({ rows: z.array(z.object({ batch: z.string() })) });

/**
 * Up to `limit` rows after `afterSeq`, in seq order, as one JSON text built by Postgres: one
 * value to receive and one JSON.parse, rather than a row object and a Date per row through
 * Drizzle. Checked by the walk itself: a row that is not what the chain wrote does not verify.
 */
async function rawBatch(
  db: Executor,
  orgId: string,
  afterSeq: number,
  limit: number,
  throughSeq?: number,
) {
  const through = throughSeq === undefined ? sql`` : sql`and seq <= ${throughSeq}`;
  const result = await db.execute(sql`
    select coalesce(json_agg(t order by t.seq), '[]')::text as batch from (
      select id, org_id as "orgId", seq,
        to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at,
        actor_user_id as "actorUserId", real_user_id as "realUserId",
        actor_token_id as "actorTokenId", is_impersonating as "isImpersonating", action, outcome,
        target_type as "targetType", target_id as "targetId", ip, user_agent as "userAgent",
        country, city, failure_reason as "failureReason", before, after, metadata,
        prev_hash as "prevHash", hash, key_id as "keyId", digest
      from audit_logs where org_id = ${orgId} and seq > ${afterSeq} ${through}
      order by seq limit ${limit}
    ) t`);
  const text = rawRows.parse(result).rows[0]?.batch ?? '[]';
  return JSON.parse(text) as Row[];
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
  // While one batch is hashed the next ones are read, each seq range on a connection of its
  // own: the database and the CPU overlap. A whole chain has no gaps, so range k is
  // (k·batch, (k+1)·batch]; a short range is the end or a gap, and from there rows are read
  // after the last one walked, one batch at a time, as before.
  const ahead: { rows: Promise<Row[]>; signed: Promise<AuditCheckpoint[]> }[] = [];
  let rangeFrom = 0;
  let ranged = true;
  let done = false;
  while (!done) {
    let rows: Row[];
    let signedSoFar: Promise<AuditCheckpoint[]> | undefined;
    const batchStart = state.expectedSeq;
    if (ranged) {
      while (ahead.length < READ_AHEAD) {
        const through = rangeFrom + batchRows;
        const read = {
          rows: rawBatch(db, orgId, rangeFrom, batchRows, through),
          signed: checkpointsBetween(db, orgId, rangeFrom + 1, through),
        };
        // A walk that stops early leaves the reads it started; their failures are of no interest.
        read.rows.catch(() => undefined);
        read.signed.catch(() => undefined);
        ahead.push(read);
        rangeFrom = through;
      }
      const read = ahead.shift();
      rows = read ? await read.rows : [];
      signedSoFar = read?.signed;
      if (rows.length < batchRows) {
        ranged = false;
        ahead.length = 0;
      }
    } else {
      rows = await rawBatch(db, orgId, state.expectedSeq - 1, batchRows);
      done = rows.length < batchRows;
    }
    const lastRow = rows[rows.length - 1];
    if (!lastRow) continue;
    await onBatch?.();
    const signed = (
      signedSoFar ? await signedSoFar : await checkpointsBetween(db, orgId, batchStart, lastRow.seq)
    ).filter((c) => c.seq >= batchStart && c.seq <= lastRow.seq);
    let next = 0;
    for (const row of rows) {
      const broken = checkRow(row, state, keys);
      if (broken) return report(broken);
      if (row.seq === 1 && createdAt && Date.parse(row.at) > createdAt.getTime()) {
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
