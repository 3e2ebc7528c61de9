import pg from 'pg';
import { canonicalEntry, digestOf, GENESIS_HASH } from '../src/audit/chain.js';
import { checkpointPayload } from '../src/audit/checkpoints.js';
import type { AuditKeys } from '../src/core/audit-keys.js';

const ROWS_PER_STATEMENT = 10_000;
const CHECKPOINT_EVERY = 1_000;

/** One generated row, shaped as the database gives it back (what the chain hashes). */
function benchRow(orgId: string, seq: number, start: number) {
  return {
    orgId,
    seq,
    at: new Date(start + seq * 1000),
    actorUserId: null,
    realUserId: null,
    isImpersonating: false,
    action: seq % 3 === 0 ? 'LOGIN_SUCCESS' : 'LOGIN_FAILURE',
    outcome: seq % 3 === 0 ? 'SUCCESS' : 'FAIL',
    targetType: null,
    targetId: null,
    ip: `198.51.100.${seq % 250}`,
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15',
    country: 'GB',
    city: 'London',
    failureReason: seq % 3 === 0 ? null : 'INVALID_CREDENTIALS',
    before: null,
    after: null,
    metadata: { email: `user-${seq % 5000}@example.test` },
  };
}

/** Appends one row's values to per-column arrays (for unnest). */
function pushColumns(columns: unknown[][], values: readonly unknown[]): void {
  for (const [i, value] of values.entries()) columns[i]?.push(value);
}

/**
 * `count` audit rows of one org, hashed and signed by the chain's own functions in the bench
 * and written 10,000 a statement with unnest (drizzle's multi-row insert would take minutes).
 */
export async function insertAuditVolume(
  url: string,
  keys: AuditKeys,
  orgId: string,
  count: number,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const start = Date.now() - count * 1000;
  let prevHash = GENESIS_HASH;
  let digest = GENESIS_HASH;
  try {
    for (let from = 1; from <= count; from += ROWS_PER_STATEMENT) {
      const columns: unknown[][] = Array.from({ length: 12 }, () => []);
      const checkpoints: unknown[][] = Array.from({ length: 7 }, () => []);
      for (let seq = from; seq < Math.min(from + ROWS_PER_STATEMENT, count + 1); seq += 1) {
        const row = benchRow(orgId, seq, start);
        const entry = canonicalEntry(row);
        const hash = keys.mac(prevHash, entry);
        digest = digestOf(digest, entry);
        const values: unknown[] = [seq, row.at.toISOString(), row.action, row.outcome, row.ip];
        values.push(row.userAgent);
        values.push(row.failureReason, JSON.stringify(row.metadata), prevHash, hash, digest);
        values.push(keys.current.keyId);
        pushColumns(columns, values);
        prevHash = hash;
        if (seq % CHECKPOINT_EVERY === 0 || seq === count) {
          const signedAt = row.at.toISOString();
          const head = { orgId, seq, hash, digest, signedAt, keyId: keys.current.keyId };
          const signature = keys.sign(checkpointPayload({ ...head, kind: 'interval' }));
          pushColumns(checkpoints, [
            seq,
            hash,
            digest,
            signedAt,
            keys.current.keyId,
            'interval',
            signature,
          ]);
        }
      }
      await client.query(
        `insert into audit_logs (org_id, seq, at, action, outcome, ip, user_agent, country, city,
           failure_reason, metadata, prev_hash, hash, digest, key_id)
         select $1, s, a::timestamptz, ac, o, ip, ua, 'GB', 'London', fr, m::jsonb, p, h, d, k
         from unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
           as t(s, a, ac, o, ip, ua, fr, m, p, h, d, k)`,
        [orgId, ...columns],
      );
      await client.query(
        `insert into audit_checkpoints (org_id, seq, hash, digest, signed_at, key_id, kind, signature)
         select $1, s, h, d, a::timestamptz, k, kd, sg
         from unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::text[]) as t(s, h, d, a, k, kd, sg)`,
        [orgId, ...checkpoints],
      );
    }
    await client.query('vacuum analyze audit_logs');
  } finally {
    await client.end();
  }
}
