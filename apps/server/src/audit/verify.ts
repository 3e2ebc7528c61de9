import type { AuditCheckpoint, AuditVerifyResponse } from '@gatehouse/shared';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditKeys } from '../core/audit-keys.js';
import type { Executor } from '../db/client.js';
import { orgs } from '../db/schema/index.js';
import { canonicalJson, digestOf, GENESIS_HASH, ORIGINAL_FIELDS } from './chain.js';
import { checkpointsBetween, isCheckpointSigned, lastCheckpoint } from './checkpoints.js';

/** Rows read per statement: one indexed range of audit_logs_org_seq_idx, a few ms each. */
export const VERIFY_BATCH_ROWS = 5_000;
/** Batches read ahead of the one being hashed (each on its own pooled connection). */
const READ_AHEAD = 3;

/**
 * A row as the walk reads it: the chain's own columns, and its canonical entry as Postgres wrote
 * it (`entryPieces`): no object, Date or Drizzle mapping per row.
 */
interface Row {
  seq: number;
  /** `at` as the ISO text a Date gives. */
  at: string;
  prevHash: string;
  hash: string;
  keyId: string | null;
  digest: string | null;
  entry: string;
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
  const { entry } = row;
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

/** `at` as the ISO text a Date gives (what canonicalEntry writes for a Date). */
const AT_TEXT = `to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The entry's fields (canonicalEntry's keys) and each one's JSON as SQL. Text goes through
 * `to_json`; a uuid, a number, a boolean and the ISO text of `at` need no escaping and are written
 * directly, which costs Postgres less per row.
 */
const ENTRY_COLUMNS: Record<string, string> = {
  orgId: `'"' || org_id || '"'`,
  seq: 'seq::text',
  at: `'"' || at_text || '"'`,
  actorUserId: `'"' || actor_user_id || '"'`,
  realUserId: `'"' || real_user_id || '"'`,
  actorTokenId: `'"' || actor_token_id || '"'`,
  isImpersonating: 'is_impersonating::text',
  action: 'to_json(action)::text',
  outcome: 'to_json(outcome)::text',
  targetType: 'to_json(target_type)::text',
  targetId: 'to_json(target_id)::text',
  ip: 'to_json(ip)::text',
  userAgent: 'to_json(user_agent)::text',
  country: 'to_json(country)::text',
  city: 'to_json(city)::text',
  failureReason: 'to_json(failure_reason)::text',
  before: 'before::text',
  after: 'after::text',
  metadata: 'metadata::text',
};
/** jsonb is written by Postgres with its own key order and spaces: Node re-writes it canonically. */
const JSON_FIELDS = new Set(['before', 'after', 'metadata']);

/**
 * The canonical entry as SQL: its scalar fields written by Postgres (`to_json` escapes text as
 * `JSON.stringify` does: the same quotes, backslashes and `\u00xx` control characters), cut
 * around the jsonb fields, which Node parses and writes with sorted keys. The keys are sorted
 * here as canonicalEntry sorts them. Seven tab-separated texts: piece, json, piece, json, …
 */
function entryPieces(): string {
  const parts: string[] = [];
  let piece = `'{'`;
  let first = true;
  for (const key of Object.keys(ENTRY_COLUMNS).sort()) {
    const column = ENTRY_COLUMNS[key];
    const name = `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (JSON_FIELDS.has(key)) {
      parts.push(`${piece} || '${name}'`, `coalesce(${column}, 'null')`);
      piece = `''`;
    } else if (!ORIGINAL_FIELDS.has(key)) {
      // A column added after the first chain: left out of the entry when null (canonicalEntry).
      piece += ` || coalesce('${name}' || ${column}, '')`;
    } else {
      piece += ` || '${name}' || coalesce(${column}, 'null')`;
    }
  }
  parts.push(`${piece} || '}'`);
  return parts.join(`, `);
}
const ENTRY_SQL = sql.raw(entryPieces());

/** A jsonb column's text as canonicalJson writes its value. */
function canonicalJsonb(text: string): string {
  return text === 'null' ? text : canonicalJson(JSON.parse(text));
}

/**
 * Up to `limit` rows after `afterSeq`, in seq order, as one text built by Postgres: a line per row
 * of tab-separated fields (JSON text never holds a raw tab or newline), the canonical entry
 * already written but for its jsonb fields. One value to receive and a split per row, rather than
 * a row object per row. Checked by the walk itself: a row that is not what the chain wrote does
 * not verify.
 */
async function rawBatch(
  db: Executor,
  orgId: string,
  afterSeq: number,
  limit: number,
  throughSeq?: number,
): Promise<string[]> {
  const through = throughSeq === undefined ? sql`` : sql`and seq <= ${throughSeq}`;
  const result = await db.execute(sql`
    select coalesce(string_agg(concat_ws(E'\t', seq::text, prev_hash, hash, coalesce(key_id, ''),
        coalesce(digest, ''), at_text, ${ENTRY_SQL}), E'\n' order by seq), '') as batch from (
      select *, ${sql.raw(AT_TEXT)} as at_text
      from audit_logs where org_id = ${orgId} and seq > ${afterSeq} ${through}
      order by seq limit ${limit}
    ) t`);
  const text = rawRows.parse(result).rows[0]?.batch ?? '';
  return text === '' ? [] : text.split('\n');
}

/**
 * One line of a batch as the row it describes. Parsed as the walk reaches it and dropped after
 * its check, so a batch's rows never outlive a young-generation collection (most of the walk's
 * garbage collection was moving 5,000 parsed rows a batch that were still waiting their turn).
 */
function parseLine(line: string): Row {
  const f = line.split('\t');
  return {
    seq: Number(f[0]),
    prevHash: f[1] ?? '',
    hash: f[2] ?? '',
    keyId: f[3] || null,
    digest: f[4] || null,
    at: f[5] ?? '',
    entry: `${f[6]}${canonicalJsonb(f[7] ?? 'null')}${f[8]}${canonicalJsonb(f[9] ?? 'null')}${f[10]}${canonicalJsonb(f[11] ?? 'null')}${f[12]}`,
  };
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
  const ahead: { rows: Promise<string[]>; signed: Promise<AuditCheckpoint[]> }[] = [];
  let rangeFrom = 0;
  let ranged = true;
  let done = false;
  while (!done) {
    let rows: string[];
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
    const lastLine = rows[rows.length - 1];
    if (lastLine === undefined) continue;
    const lastRow = parseLine(lastLine);
    await onBatch?.();
    const signed = (
      signedSoFar ? await signedSoFar : await checkpointsBetween(db, orgId, batchStart, lastRow.seq)
    ).filter((c) => c.seq >= batchStart && c.seq <= lastRow.seq);
    let next = 0;
    for (const line of rows) {
      const row = parseLine(line);
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
