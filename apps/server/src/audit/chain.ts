import { createHash } from 'node:crypto';
import type { AuditAction, AuditOutcome } from '@gatehouse/shared';
import { desc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { lockFor } from '../db/lock.js';
import { auditLogs, orglessAuditEvents } from '../db/schema/index.js';
import { type AuditChainConfig, checkpointIfDue } from './checkpoints.js';

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
const ORIGINAL_FIELDS = new Set([
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

/** The canonical entry a row's hash and digest cover: every field but its id and chain columns. */
export function canonicalEntry(row: Record<string, unknown>): string {
  return objectJson(
    row,
    (key, value) => CHAIN_FIELDS.has(key) || (value === null && !ORIGINAL_FIELDS.has(key)),
  );
}

/** The unkeyed running digest: sha256(previous digest ‖ canonical entry), hex (decision 012). */
export function digestOf(prevDigest: string, entry: string): string {
  return createHash('sha256').update(prevDigest).update(entry).digest('hex');
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
 */
export async function appendAuditRows(
  db: Executor,
  rows: readonly AuditRowInput[],
  at: Date,
  config: AuditChainConfig,
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
    await lockOrgChain(db, orgId);
    const last = await chainHead(db, orgId);
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    // A row of the old unkeyed chain has no digest: its hash is its digest.
    let digest = last?.digest ?? last?.hash ?? GENESIS_HASH;
    const keyId = config.keys.current.keyId;
    const values = chain.map((input) => {
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
      return { ...row, hash, keyId, digest };
    });
    await db.insert(auditLogs).values(values);
    await checkpointIfDue(db, config, orgId, { seq, hash: prevHash, digest }, at);
  }
}

/** The org's newest row's place in its chain (audit_logs_org_seq_idx): where appends continue. */
/** One appender of an org's chain at a time, taken last in a transaction (decision 012). */
export async function lockOrgChain(db: Executor, orgId: string): Promise<void> {
  await lockFor(db, orgId);
}

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
