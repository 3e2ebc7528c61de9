import { hash as oneShotHash } from 'node:crypto';
import type { AuditAction, AuditCheckpoint, AuditOutcome } from '@gatehouse/shared';
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client.js';
import { auditLogs, orglessAuditEvents } from '../db/schema/index.js';
import { type AuditChainConfig, isCheckpointDue, signCheckpoint } from './checkpoints.js';

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
 * While the lock is held a request's append is one round trip and the commit (decision 026,
 * "Fourth pass"): the rows are chained on the head this instance's previous append to the org
 * left, and one call (`gatehouse_audit_append`) takes the lock, checks that head against the
 * chain and appends. The next append to the org in this instance waits for that call's answer,
 * not for the commit: its call then waits for the lock in Postgres and runs as soon as the
 * commit lets it go. When the head is not the chain's (another instance appended, an export
 * signed a checkpoint, a migration or a restore, a rolled-back append), or without a head (an
 * append that is not `endsTransaction`), the call returns the chain's head with the lock held,
 * and the rows are chained on it and sent again.
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
  const heads = options.endsTransaction ? keptHeadsOf(config) : undefined;
  const asynchronous = options.durableAfterCommit === true;
  for (const orgId of [...chains.keys()].sort()) {
    const chain = chains.get(orgId) ?? [];
    if (!heads) {
      await appendChain(db, config, orgId, chain, at, { expected: undefined, asynchronous });
      continue;
    }
    const previous = heads.get(orgId);
    let settle: (head: ChainState | undefined) => void = () => {};
    heads.delete(orgId);
    heads.set(
      orgId,
      new Promise((resolve) => {
        settle = resolve;
      }),
    );
    if (heads.size > KEPT_HEADS) forgetOldest(heads);
    let head: ChainState | undefined;
    try {
      head = await appendChain(db, config, orgId, chain, at, {
        expected: previous && (await previous),
        asynchronous,
      });
    } finally {
      // Unknown after a failure: the next append reads the chain's head under the lock.
      settle(head);
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
  /**
   * The append is its transaction's last act before the commit and the transaction holds no
   * chain lock before it (the route runner). Only then does it chain on this instance's previous
   * append to the org and wait for that append's answer: a transaction that already held the
   * lock (a migration) would wait for an append that waits for it.
   */
  endsTransaction?: boolean;
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

/**
 * Per org, the head this instance's last append to it left, as a promise the next append waits
 * for (undefined when unknown). Only a guess: the append checks it against the chain under the
 * lock. Kept per instance (its audit keys) so that apps in one process do not share guesses.
 */
const keptHeads = new WeakMap<object, Map<string, Promise<ChainState | undefined>>>();
/** Orgs whose heads an instance keeps; the least recently appended are forgotten first. */
const KEPT_HEADS = 10_000;

function keptHeadsOf(config: AuditChainConfig): Map<string, Promise<ChainState | undefined>> {
  let heads = keptHeads.get(config.keys);
  if (!heads) {
    heads = new Map();
    keptHeads.set(config.keys, heads);
  }
  return heads;
}

function forgetOldest(heads: Map<string, unknown>): void {
  for (const orgId of heads.keys()) {
    heads.delete(orgId);
    return;
  }
}

/**
 * Takes the org's chain lock (its audit_chain_heads row, FOR UPDATE) until the transaction
 * ends. Everything that writes an org's audit rows or checkpoints takes this lock first; it is
 * always taken by `gatehouse_audit_append`, here without rows (it appends nothing).
 */
export async function lockChain(db: Executor, orgId: string): Promise<void> {
  await callAppend(db, orgId, undefined, undefined, false);
}

const appendAnswer = z.object({
  rows: z.array(
    z.object({
      appended: z.coerce.number(),
      seq: z.coerce.number(),
      hash: z.string().nullable(),
      digest: z.string().nullable(),
      checkpoint_seq: z.coerce.number().nullable(),
      checkpoint_signed_at: z.coerce.date().nullable(),
    }),
  ),
});

/**
 * Appends `chain` to the org's hash chain and returns the new head: chained on `expected` in
 * one call when that is still the chain's head; otherwise the call returns the chain's head
 * (the lock now held) and the rows are chained on it and sent again. Without a guess the first
 * call only takes the lock and reads the head.
 */
async function appendChain(
  db: Executor,
  config: AuditChainConfig,
  orgId: string,
  chain: readonly AuditRowInput[],
  at: Date,
  { expected, asynchronous }: { expected: ChainState | undefined; asynchronous: boolean },
): Promise<ChainState> {
  let state = expected ?? (await callAppend(db, orgId, undefined, undefined, asynchronous)).head;
  // A wrong guess gets one more try, on the head read under the lock; that head cannot be wrong.
  for (let tries = expected ? 2 : 1; tries > 0; tries -= 1) {
    const append = chained(config, orgId, chain, at, state);
    const answer = await callAppend(db, orgId, state, append, asynchronous);
    if (answer.appended === chain.length) return append.head;
    state = answer.head;
  }
  throw new Error('the audit chain changed while it was locked');
}

/**
 * One `gatehouse_audit_append` call (migration 0020): takes the lock and, when `state` is the
 * chain's head, appends `append`. Returns how many rows it appended and the chain's head.
 */
async function callAppend(
  db: Executor,
  orgId: string,
  state: ChainState | undefined,
  append: ReturnType<typeof chained> | undefined,
  asynchronous: boolean,
): Promise<{ appended: number; head: ChainState }> {
  const result = await db.execute(sql`
    select appended, seq, hash, digest, checkpoint_seq, checkpoint_signed_at
    from gatehouse_audit_append(${orgId}, ${state?.seq ?? null}::bigint,
      ${state?.hash ?? null}::text, ${state?.digest ?? null}::text,
      ${state?.checkpoint?.seq ?? null}::bigint,
      ${state?.checkpoint?.signedAt.toISOString() ?? null}::timestamptz,
      ${append ? JSON.stringify(append.rows) : null}::json,
      ${append?.checkpoint ? JSON.stringify(storedCheckpoint(append.checkpoint)) : null}::json,
      ${append?.head.seq ?? null}::bigint, ${append?.head.hash ?? null}::text,
      ${append?.head.digest ?? null}::text, ${append?.head.checkpoint?.seq ?? null}::bigint,
      ${append?.head.checkpoint?.signedAt.toISOString() ?? null}::timestamptz,
      ${asynchronous})`);
  const answer = appendAnswer.parse(result).rows[0];
  if (!answer) throw new Error('gatehouse_audit_append returned no row');
  return {
    appended: answer.appended,
    head: {
      seq: answer.seq,
      hash: answer.hash,
      digest: answer.digest,
      checkpoint:
        answer.checkpoint_seq === null || answer.checkpoint_signed_at === null
          ? undefined
          : { seq: answer.checkpoint_seq, signedAt: answer.checkpoint_signed_at },
    },
  };
}

/** The rows chained on `state`, the checkpoint when one is due, and the head they leave. */
function chained(
  config: AuditChainConfig,
  orgId: string,
  chain: readonly AuditRowInput[],
  at: Date,
  state: ChainState,
) {
  let seq = state.seq;
  let prevHash = state.hash ?? GENESIS_HASH;
  // A row of the old unkeyed chain has no digest: its hash is its digest.
  let digest = state.digest ?? state.hash ?? GENESIS_HASH;
  const keyId = config.keys.current.keyId;
  const rows = chain.map((input) => {
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
  const checkpoint = isCheckpointDue(config, state.checkpoint, seq, at)
    ? signCheckpoint(config.keys, orgId, { seq, hash: prevHash, digest }, 'interval', at)
    : undefined;
  const head: ChainState = {
    seq,
    hash: prevHash,
    digest,
    checkpoint: checkpoint ? { seq, signedAt: at } : state.checkpoint,
  };
  return { rows, checkpoint, head };
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
