import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  auditExportCheckpointLineSchema,
  auditExportEndSchema,
  auditExportEntryLineSchema,
  auditExportHeaderSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import { publicKeyId } from '../core/audit-keys.js';
import { canonicalEntry, digestOf, GENESIS_HASH } from './chain.js';
import { isCheckpointSigned } from './checkpoints.js';
import { UNKEYED_ENTRY } from './verify.js';

export interface OfflineReport {
  ok: boolean;
  entries: number;
  /** The last seq a valid signature covers. */
  signedThrough: number;
  brokenAt: number | null;
  reason: string | null;
  orgId: string | null;
}

/** Every public key (PEM, SPKI) found in a file's text, by key id. */
export function publicKeysOf(pemText: string): Map<string, KeyObject> {
  const blocks = pemText.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g);
  const keys = new Map<string, KeyObject>();
  for (const block of blocks ?? []) {
    const key = createPublicKey(block);
    keys.set(publicKeyId(key), key);
  }
  return keys;
}

const lineSchema = z.discriminatedUnion('type', [
  auditExportHeaderSchema,
  auditExportEntryLineSchema,
  auditExportCheckpointLineSchema,
  auditExportEndSchema,
]);

class Broken extends Error {
  constructor(
    readonly seq: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Verifies a JSONL export with nothing but the checkpoints' public key(s): the running digest of
 * every entry, the hash links between them, and each checkpoint's signature over (seq, HMAC
 * head, digest). The HMACs themselves need APP_SECRET and are checked by /api/audit/verify.
 */
export async function verifyExport(
  lines: AsyncIterable<string>,
  publicKeys: Map<string, KeyObject>,
): Promise<OfflineReport> {
  const s = { seq: 0, prevHash: GENESIS_HASH, digest: GENESIS_HASH, signed: 0, ended: false };
  let header: z.infer<typeof auditExportHeaderSchema> | undefined;
  const report = (broken?: Broken): OfflineReport => ({
    ok: broken === undefined,
    entries: s.seq,
    signedThrough: s.signed,
    brokenAt: broken?.seq ?? null,
    reason: broken?.reason ?? null,
    orgId: header?.orgId ?? null,
  });
  try {
    let number = 0;
    for await (const text of lines) {
      number += 1;
      if (text.trim() === '') continue;
      if (s.ended) throw new Broken(s.seq + 1, 'lines after the end line');
      const parsed = lineSchema.safeParse(safeJson(text));
      if (!parsed.success) throw new Broken(s.seq + 1, `line ${number} is not an export line`);
      const line = parsed.data;
      if (line.type === 'header') {
        if (header || number !== 1) throw new Broken(s.seq + 1, 'a second header');
        if (Object.keys(line.filters).length > 0) {
          throw new Broken(0, 'a filtered export cannot prove the chain; export without filters');
        }
        header = line;
      } else if (!header) {
        throw new Broken(1, 'no header line');
      } else if (line.type === 'entry') {
        checkEntry(line, s);
      } else if (line.type === 'checkpoint') {
        if (line.orgId !== header.orgId) throw new Broken(line.seq, 'checkpoint of another org');
        const key = publicKeys.get(line.keyId);
        if (!key || !isCheckpointSigned(line, key)) {
          throw new Broken(line.seq, 'checkpoint signature does not verify with the public key');
        }
        if (line.seq > s.seq) {
          throw new Broken(
            s.seq + 1,
            `entries up to ${line.seq} were signed and are gone (tail cut)`,
          );
        }
        if (line.seq !== s.seq || line.hash !== s.prevHash || line.digest !== s.digest) {
          throw new Broken(line.seq, 'entries differ from the signed checkpoint');
        }
        s.signed = line.seq;
      } else {
        if (line.entries !== s.seq) throw new Broken(s.seq + 1, 'entries missing');
        s.ended = true;
      }
    }
    if (!header) throw new Broken(1, 'no header line');
    if (!s.ended) throw new Broken(s.seq + 1, 'the export is cut short (no end line)');
    if (s.seq !== header.throughSeq) throw new Broken(s.seq + 1, 'entries missing');
    // The export's own AUDIT_EXPORTED entry commits before it is read: a real log is never empty.
    if (s.seq === 0) throw new Broken(1, 'no entries: an exported log has at least its export');
    if (s.signed !== s.seq) {
      throw new Broken(s.signed + 1, `entries after seq ${s.signed} are not signed`);
    }
    return report();
  } catch (err: unknown) {
    if (err instanceof Broken) return report(err);
    throw err;
  }
}

function checkEntry(
  line: z.infer<typeof auditExportEntryLineSchema>,
  s: { seq: number; prevHash: string; digest: string },
): void {
  if (line.seq !== s.seq + 1) throw new Broken(s.seq + 1, 'entry missing');
  if (line.prevHash !== s.prevHash) throw new Broken(line.seq, 'previous hash does not match');
  if (line.keyId === null) throw new Broken(line.seq, UNKEYED_ENTRY);
  s.digest = digestOf(s.digest, canonicalEntry(line));
  if (line.digest !== s.digest) throw new Broken(line.seq, 'entry altered');
  s.seq = line.seq;
  s.prevHash = line.hash;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
