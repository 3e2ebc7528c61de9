import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { GENESIS_HASH, legacyEntryHash } from '../../src/audit/chain.js';
import type { Database } from '../../src/db/client.js';
import { auditCheckpoints, auditLogs, orgs } from '../../src/db/schema/index.js';

/** The canonical JSON of decision 002, as it was written then. */
function canonicalJson(value: unknown): string {
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

export async function orgCreatedAt(db: Database, orgId: string): Promise<Date> {
  const [org] = await db.select().from(orgs).where(eq(orgs.id, orgId));
  if (!org) throw new Error(`no org ${orgId}`);
  return org.createdAt;
}

/**
 * Replaces an org's log with `count` rows written the way the code before decision 012 did:
 * sha256(prev ‖ canonical row), no key, no checkpoint; the first at the org's creation.
 */
export async function replaceWithOldChain(db: Database, orgId: string, count: number) {
  const createdAt = await orgCreatedAt(db, orgId);
  await db.delete(auditLogs).where(eq(auditLogs.orgId, orgId));
  await db.delete(auditCheckpoints).where(eq(auditCheckpoints.orgId, orgId));
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const row = {
      orgId,
      seq,
      at: new Date(createdAt.getTime() + (seq - 1) * 60_000),
      actorUserId: null,
      realUserId: null,
      isImpersonating: false,
      action: 'LOGIN_FAILURE',
      outcome: 'FAIL' as const,
      targetType: null,
      targetId: null,
      ip: '192.0.2.1',
      userAgent: 'old',
      country: null,
      city: null,
      failureReason: 'INVALID_CREDENTIALS',
      before: null,
      after: null,
      metadata: {
        email: `old-${seq}@example.test`,
        attempt: seq,
        nested: { b: [1, 'x'], a: null },
      },
    };
    const hash = createHash('sha256').update(prevHash).update(canonicalJson(row)).digest('hex');
    await db.insert(auditLogs).values({ ...row, prevHash, hash });
    prevHash = hash;
  }
  return prevHash;
}

type Row = typeof auditLogs.$inferSelect;

/**
 * The forgery of a database writer without APP_SECRET: the org's checkpoints deleted, and the
 * rows it keeps renumbered and chained again with the old, public, unkeyed sha256.
 */
export async function forgeUnkeyedChain(db: Database, orgId: string, keep: (row: Row) => boolean) {
  const rows = await db
    .select()
    .from(auditLogs)
    .where(eq(auditLogs.orgId, orgId))
    .orderBy(asc(auditLogs.seq));
  await db.delete(auditCheckpoints).where(eq(auditCheckpoints.orgId, orgId));
  await db.delete(auditLogs).where(eq(auditLogs.orgId, orgId));
  let prevHash = GENESIS_HASH;
  let seq = 0;
  for (const row of rows.filter(keep)) {
    seq += 1;
    const forged = { ...row, seq, prevHash, keyId: null, digest: null };
    const hash = legacyEntryHash(forged);
    await db.insert(auditLogs).values({ ...forged, hash });
    prevHash = hash;
  }
  return seq;
}
