import { hash as oneShotHash } from 'node:crypto';
import type { AuditAction, AuditCheckpoint, AuditOutcome } from '@gatehouse/shared';
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client.js';
import { auditLogs, orglessAuditEvents } from '../db/schema/index.js';
import {
  type AuditChainConfig,
  isCheckpointDue,
  lastCheckpoint,
  signCheckpoint,
} from './checkpoints.js';

export const GENESIS_HASH = '0'.repeat(64);

/** One row as the chain stores it, before it has a place (seq) and a hash. */
export interface AuditRowInput {
  orgId: string | null;
  action: AuditAction;
  outcome: AuditOutcome;
  actorUserId: string | null;
  realUserId: string | null;
  /** The API token that acted for the org; absent for people. */
  actorTokenId?: string | null;
  isImpersonating: boolean;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  country: string | null;
  city: string | null;
  failureReason: string | null;
  before: unknown;
  after: unknown;
  metadata: unknown;
}

const SECRET_KEYS = /pass(word)?|secret|token|code|otp|cookie|authorization/i;

/** Removes secret-looking keys from a payload: the second net behind the typed event schemas. */
export function scrubSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubSecrets);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !SECRET_KEYS.test(key))
      .map(([key, inner]) => [key, scrubSecrets(inner)]),
  );
}

/** JSON with object keys sorted at every depth, so jsonb's key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i > 0 ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  return objectJson(value as Record<string, unknown>, () => false);
}

/**
 * An object's canonical JSON, without the keys `skip` names: written with loops because every
 * audit row goes through it on each verify and export (a million rows in seconds).
 */
function objectJson(
  value: Record<string, unknown>,
  skip: (key: string, inner: unknown) => boolean,
): string {
  // Plain string order, as `<` compares: UTF-16 code units.
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const key of keys) {
    const inner = value[key];
    if (inner === undefined || skip(key, inner)) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(inner)}`;
  }
  return `${out}}`;
}

/** Columns of the first chain: a null in a column added later is left out of the entry, so rows
 * written before that column existed keep their hashes. */
export const ORIGINAL_FIELDS: ReadonlySet<string> = new Set([
  'orgId',
  'seq',
  'at',
  'actorUserId',
  'realUserId',
  'isImpersonating',
  'action',
  'outcome',
  'targetType',
  'targetId',
  'ip',
  'userAgent',
  'country',
  'city',
  'failureReason',
  'before',
  'after',
  'metadata',
]);
/** The row's id and the chain's own columns (and an export line's `type`) are not the entry. */
const CHAIN_FIELDS = new Set(['id', 'prevHash', 'hash', 'keyId', 'digest', 'type']);

/** The columns' names as JSON text, written once rather than once per row. */
const QUOTED = new Map([...ORIGINAL_FIELDS, 'actorTokenId'].map((k) => [k, JSON.stringify(k)]));

/** The last row shape's keys and their sorted order: every row of a walk has the same shape. */
let shapeKeys: string[] = [];
let shapeSorted: string[] = [];

function sortedKeysOf(row: Record<string, unknown>): string[] {
  const keys = Object.keys(row);
  let same = keys.length === shapeKeys.length;
  for (let i = 0; same && i < keys.length; i += 1) same = keys[i] === shapeKeys[i];
  if (!same) {
    shapeKeys = keys;
    shapeSorted = [...keys].sort();
  }
  return shapeSorted;
}

/**
 * The canonical entry a row's hash and digest cover: every field but its id and chain columns.
 * objectJson's rule, written out for the row: a verify or export runs it a million times.
 */
export function canonicalEntry(row: Record<string, unknown>): string {
  let out = '{';
  for (const key of sortedKeysOf(row)) {
    const inner = row[key];
    if (inner === undefined || CHAIN_FIELDS.has(key)) continue;
    if (inner === null && !ORIGINAL_FIELDS.has(key)) continue;
    out += `${out.length > 1 ? ',' : ''}${QUOTED.get(key) ?? JSON.stringify(key)}:${canonicalJson(inner)}`;
  }
  return `${out}}`;
}

/** The unkeyed running digest: sha256(previous digest ‖ canonical entry), hex (decision 012). */
export function digestOf(prevDigest: string, entry: string): string {
  return oneShotHash('sha256', prevDigest + entry, 'hex');
}

/** The old unkeyed chain's hash (decision 002), which is also the running digest of its rows. */
export function legacyEntryHash(row: Record<string, unknown> & { prevHash: string }): string {
  return digestOf(row.prevHash, canonicalEntry(row));
}

/** Round-trips a payload through JSON so the hashed value equals what jsonb gives back. */
function normalise(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(scrubSecrets(value)));
}

/**
 * Appends rows to their orgs' hash chains inside the caller's transaction. The per-org lock is
 * taken here, at the end of the use case, so it is held only from the append to the commit;
 * chains are locked in key order so two transactions cannot wait on each other.
 *
 * While the lock is held the append is two round trips and the commit (decision 026): the
 * statement that takes the lock reads the head its row keeps, and one statement checks that
 * head against the chain, inserts the rows (and a checkpoint when due) and moves the head.
 */
export async function appendAuditRows(
  db: Executor,
  rows: readonly AuditRowInput[],
  at: Date,
  config: AuditChainConfig,
  options: AppendOptions = {},
): Promise<void> {
  const chains = new Map<string, AuditRowInput[]>();
  const orgless: AuditRowInput[] = [];
  for (const row of rows) {
    if (row.orgId === null) orgless.push(row);
    else chains.set(row.orgId, [...(chains.get(row.orgId) ?? []), row]);
  }
  // Org-less events (unknown emails) take no lock and no chain: decision 013.
  if (orgless.length > 0) await appendOrglessRows(db, orgless, at);
  for (const orgId of [...chains.keys()].sort()) {
    const chain = chains.get(orgId) ?? [];
    const kept = await lockChain(db, orgId, options);
    if (kept && (await appendChain(db, config, orgId, chain, at, kept))) continue;
    // The kept head is not the chain's (its first append, or rows written around the append
    // path: a migration, an export's checkpoint, a restore): read the chain itself, still locked.
    const read = await readChainState(db, orgId);
    if (!(await appendChain(db, config, orgId, chain, at, read))) {
      throw new Error('the audit chain changed while it was locked');
    }
  }
}

export interface AppendOptions {
  /**
   * The caller waits for durability after the commit (`waitUntilDurable`), so the transaction
   * commits without waiting for its WAL flush and the chain lock is not held through an fsync
   * (decision 026). Without it the commit is synchronous, as every other.
   */
  durableAfterCommit?: boolean;
}

/**
 * Returns once every transaction committed before the call is on disk: a transaction that
 * writes WAL (a logical-decoding message, which no decoder is asked to read) commits
 * synchronously, and its flush covers all WAL before it. Concurrent callers share fsyncs.
 */
export async function waitUntilDurable(db: Executor): Promise<void> {
  await db.execute(sql`select pg_logical_emit_message(true, 'gatehouse-durable', '')`);
}

/** Where an append continues: the chain's last row (seq 0 when empty) and newest checkpoint. */
interface ChainState {
  seq: number;
  hash: string | null;
  /** As stored: null for a row of the old unkeyed chain. */
  digest: string | null;
  checkpoint: { seq: number; signedAt: Date } | undefined;
}

const keptHead = z.object({
  seq: z.coerce.number().nullable(),
  hash: z.string().nullable(),
  digest: z.string().nullable(),
  checkpoint_seq: z.coerce.number().nullable(),
  checkpoint_signed_at: z.coerce.date().nullable(),
});

/**
 * Takes the org's chain lock (its audit_chain_heads row, FOR UPDATE) until the transaction
 * ends, and returns the head that row keeps, if any. Everything that writes an org's audit rows
 * or checkpoints takes this lock first.
 */
export async function lockChain(
  db: Executor,
  orgId: string,
  options: AppendOptions = {},
): Promise<ChainState | undefined> {
  // Set with the lock, in the same round trip: this transaction's commit does not wait for fsync.
  const asynchronous = options.durableAfterCommit
    ? sql`, set_config('synchronous_commit', 'off', true) as synchronous_commit`
    : sql``;
  const locked = async () =>
    z
      .object({ rows: z.array(keptHead) })
      .parse(
        await db.execute(
          sql`select seq, hash, digest, checkpoint_seq, checkpoint_signed_at${asynchronous} from audit_chain_heads where org_id = ${orgId} for update`,
        ),
      ).rows[0];
  let head = await locked();
  if (!head) {
    // The org's first append since the table came: its row, then its lock.
    await db.execute(
      sql`insert into audit_chain_heads (org_id) values (${orgId}) on conflict do nothing`,
    );
    head = await locked();
  }
  if (!head || head.seq === null) return undefined;
  return {
    seq: head.seq,
    hash: head.hash,
    digest: head.digest,
    checkpoint:
      head.checkpoint_seq === null || head.checkpoint_signed_at === null
        ? undefined
        : { seq: head.checkpoint_seq, signedAt: head.checkpoint_signed_at },
  };
}

/** The chain's state read from its rows (the caller holds the lock). */
async function readChainState(db: Executor, orgId: string): Promise<ChainState> {
  const last = await chainHead(db, orgId);
  const checkpoint = await lastCheckpoint(db, orgId);
  return {
    seq: last?.seq ?? 0,
    hash: last?.hash ?? null,
    digest: last?.digest ?? null,
    checkpoint: checkpoint && { seq: checkpoint.seq, signedAt: new Date(checkpoint.signedAt) },
  };
}

const appended = z.object({ rows: z.array(z.object({ appended: z.coerce.number() })) });

/**
 * One statement: if the chain's last row and newest checkpoint are still `state`, inserts the
 * rows chained on it, the checkpoint when one is due, and moves the kept head; else nothing.
 * Says whether it appended.
 */
async function appendChain(
  db: Executor,
  config: AuditChainConfig,
  orgId: string,
  chain: readonly AuditRowInput[],
  at: Date,
  state: ChainState,
): Promise<boolean> {
  let seq = state.seq;
  let prevHash = state.hash ?? GENESIS_HASH;
  // A row of the old unkeyed chain has no digest: its hash is its digest.
  let digest = state.digest ?? state.hash ?? GENESIS_HASH;
  const keyId = config.keys.current.keyId;
  const entries = chain.map((input) => {
    seq += 1;
    const row = {
      ...input,
      seq,
      at,
      before: normalise(input.before),
      after: normalise(input.after),
      metadata: normalise(input.metadata),
      prevHash,
    };
    const entry = canonicalEntry(row);
    const hash = config.keys.mac(prevHash, entry);
    digest = digestOf(digest, entry);
    prevHash = hash;
    return storedRow({ ...row, hash, keyId, digest });
  });
  const head = { seq, hash: prevHash, digest };
  const checkpoint = isCheckpointDue(config, state.checkpoint, seq, at)
    ? signCheckpoint(config.keys, orgId, head, 'interval', at)
    : undefined;
  const newest = checkpoint ? { seq, signedAt: at } : state.checkpoint;
  const result = await db.execute(sql`
    with last as (
      select seq, hash, digest from audit_logs where org_id = ${orgId} order by seq desc limit 1
    ), last_checkpoint as (
      select seq, signed_at from audit_checkpoints where org_id = ${orgId}
      order by seq desc limit 1
    ), unchanged as (
      select where coalesce((select seq from last), 0) = ${state.seq}
        and (select hash from last) is not distinct from ${state.hash}::text
        and (select digest from last) is not distinct from ${state.digest}::text
        and (select seq from last_checkpoint)
          is not distinct from ${state.checkpoint?.seq ?? null}::bigint
        and (select signed_at from last_checkpoint)
          is not distinct from ${state.checkpoint?.signedAt.toISOString() ?? null}::timestamptz
    ), entries as (
      insert into audit_logs (org_id, seq, at, actor_user_id, real_user_id, actor_token_id,
        is_impersonating, action, outcome, target_type, target_id, ip, user_agent, country, city,
        failure_reason, before, after, metadata, prev_hash, hash, key_id, digest)
      select org_id, seq, at, actor_user_id, real_user_id, actor_token_id, is_impersonating,
        action, outcome, target_type, target_id, ip, user_agent, country, city, failure_reason,
        before, after, metadata, prev_hash, hash, key_id, digest
      from json_populate_recordset(null::audit_logs, ${JSON.stringify(entries)}::json)
      where exists (select from unchanged)
      returning 1
    ), checkpoint as (
      insert into audit_checkpoints (org_id, seq, hash, digest, signed_at, key_id, kind, signature)
      select org_id, seq, hash, digest, signed_at, key_id, kind, signature
      from json_populate_recordset(null::audit_checkpoints, ${JSON.stringify(checkpoint ? [storedCheckpoint(checkpoint)] : [])}::json)
      where exists (select from unchanged)
      on conflict do nothing
    ), moved as (
      update audit_chain_heads set seq = ${seq}, hash = ${head.hash}, digest = ${head.digest},
        checkpoint_seq = ${newest?.seq ?? null}::bigint,
        checkpoint_signed_at = ${newest?.signedAt.toISOString() ?? null}::timestamptz
      where org_id = ${orgId} and exists (select from unchanged)
    )
    select count(*) as appended from entries`);
  return (appended.parse(result).rows[0]?.appended ?? 0) === entries.length;
}

/** A chained row under its column names, as json_populate_recordset reads it. */
function storedRow(
  row: AuditRowInput & {
    seq: number;
    at: Date;
    prevHash: string;
    hash: string;
    keyId: string;
    digest: string;
  },
) {
  return {
    org_id: row.orgId,
    seq: row.seq,
    at: row.at.toISOString(),
    actor_user_id: row.actorUserId,
    real_user_id: row.realUserId,
    actor_token_id: row.actorTokenId ?? null,
    is_impersonating: row.isImpersonating,
    action: row.action,
    outcome: row.outcome,
    target_type: row.targetType,
    target_id: row.targetId,
    ip: row.ip,
    user_agent: row.userAgent,
    country: row.country,
    city: row.city,
    failure_reason: row.failureReason,
    before: row.before,
    after: row.after,
    metadata: row.metadata,
    prev_hash: row.prevHash,
    hash: row.hash,
    key_id: row.keyId,
    digest: row.digest,
  };
}

function storedCheckpoint(c: AuditCheckpoint) {
  return {
    org_id: c.orgId,
    seq: c.seq,
    hash: c.hash,
    digest: c.digest,
    signed_at: c.signedAt,
    key_id: c.keyId,
    kind: c.kind,
    signature: c.signature,
  };
}

/** The org's newest row's place in its chain (audit_logs_org_seq_idx): where appends continue. */
export async function chainHead(db: Executor, orgId: string) {
  const [head] = await db
    .select({ seq: auditLogs.seq, hash: auditLogs.hash, digest: auditLogs.digest })
    .from(auditLogs)
    .where(eq(auditLogs.orgId, orgId))
    .orderBy(desc(auditLogs.seq))
    .limit(1);
  return head;
}

/** Rows of no org, in a table of their own: no chain, so nothing to lock or queue behind. */
async function appendOrglessRows(db: Executor, rows: readonly AuditRowInput[], at: Date) {
  await db.insert(orglessAuditEvents).values(
    rows.map(({ orgId: _orgId, ...row }) => ({
      ...row,
      at,
      before: normalise(row.before),
      after: normalise(row.after),
      metadata: normalise(row.metadata),
    })),
  );
}
