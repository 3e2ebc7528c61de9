import { createHash } from 'node:crypto';
import type { AuditAction, AuditOutcome } from '@gatehouse/shared';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { auditLogs, orglessAuditEvents } from '../db/schema/index.js';

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

type AuditRow = typeof auditLogs.$inferSelect;

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

/**
 * The fields a row's hash covers: everything but its id and its own hash. A null
 * `actorTokenId` is left out, so rows written before the column existed keep their hashes.
 */
export function entryHash(
  row: Omit<AuditRow, 'id' | 'hash' | 'actorTokenId'> & { actorTokenId?: string | null },
): string {
  const { prevHash, actorTokenId, ...rest } = row;
  const entry = actorTokenId ? { ...rest, actorTokenId } : rest;
  return createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
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
    await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${orgId}, 0))`);
    const [last] = await db
      .select({ seq: auditLogs.seq, hash: auditLogs.hash })
      .from(auditLogs)
      .where(eq(auditLogs.orgId, orgId))
      .orderBy(desc(auditLogs.seq))
      .limit(1);
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
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
      const hash = entryHash(row);
      prevHash = hash;
      return { ...row, hash };
    });
    await db.insert(auditLogs).values(values);
  }
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

export interface ChainCheck {
  ok: boolean;
  checked: number;
  brokenAt: number | null;
}

/** Walks one org's chain in order and reports the first row whose hash does not hold. */
export async function verifyAuditChain(db: Database, orgId: string): Promise<ChainCheck> {
  const rows = await db
    .select()
    .from(auditLogs)
    .where(eq(auditLogs.orgId, orgId))
    .orderBy(asc(auditLogs.seq));
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (const { id: _id, hash, ...rest } of rows) {
    checked += 1;
    if (rest.prevHash !== prevHash || entryHash(rest) !== hash) {
      return { ok: false, checked, brokenAt: rest.seq };
    }
    prevHash = hash;
  }
  return { ok: true, checked, brokenAt: null };
}
