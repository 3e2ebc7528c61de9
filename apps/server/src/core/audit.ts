import { createHash } from 'node:crypto';
import type { AuditAction, AuditOutcome } from '@gatehouse/shared';
import { asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { auditLogs } from '../db/schema/index.js';

export const GENESIS_HASH = '0'.repeat(64);

/** What a caller says about an event; never secrets (the route layer redacts known keys too). */
export interface AuditEntry {
  orgId: string | null;
  action: AuditAction;
  outcome: AuditOutcome;
  actorUserId?: string | null;
  realUserId?: string | null;
  isImpersonating?: boolean;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  country?: string | null;
  city?: string | null;
  failureReason?: string | null;
  before?: unknown;
  after?: unknown;
  metadata?: unknown;
}

type AuditRow = typeof auditLogs.$inferSelect;

const SECRET_KEYS = /pass(word)?|secret|token|code|otp|cookie|authorization/i;

/** Removes secret-looking keys from a payload before it is stored. */
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

/** The fields a row's hash covers: everything but its id and its own hash. */
export function entryHash(row: Omit<AuditRow, 'id' | 'hash'>): string {
  const { prevHash, ...entry } = row;
  return createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
}

/** Appends one row to its org's hash chain. Serialised per org by a transaction-scoped lock. */
export async function logAudit(db: Executor, entry: AuditEntry, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const chainKey = entry.orgId ?? 'no-org';
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${chainKey}, 0))`);
    const [last] = await tx
      .select({ seq: auditLogs.seq, hash: auditLogs.hash })
      .from(auditLogs)
      .where(entry.orgId ? eq(auditLogs.orgId, entry.orgId) : isNull(auditLogs.orgId))
      .orderBy(desc(auditLogs.seq))
      .limit(1);
    const row = {
      orgId: entry.orgId,
      seq: (last?.seq ?? 0) + 1,
      at,
      actorUserId: entry.actorUserId ?? null,
      realUserId: entry.realUserId ?? null,
      isImpersonating: entry.isImpersonating ?? false,
      action: entry.action,
      outcome: entry.outcome,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: entry.ip ?? null,
      userAgent: entry.userAgent ?? null,
      country: entry.country ?? null,
      city: entry.city ?? null,
      failureReason: entry.failureReason ?? null,
      before: normalise(entry.before),
      after: normalise(entry.after),
      metadata: normalise(entry.metadata),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    await tx.insert(auditLogs).values({ ...row, hash: entryHash(row) });
  });
}

/** Round-trips a payload through JSON so the hashed value equals what jsonb gives back. */
function normalise(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(scrubSecrets(value)));
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
