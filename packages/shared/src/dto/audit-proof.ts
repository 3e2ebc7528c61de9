import { z } from 'zod';
import { type AuditFilter, auditFilterQuerySchema } from './audit.js';

/** An export takes exactly the list's filters (`GET /api/audit`), plus its format. */
export type AuditExportFilter = AuditFilter;

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export const auditExportQuerySchema = auditFilterQuerySchema.safeExtend({
  format: z.enum(AUDIT_EXPORT_FORMATS).default('csv'),
});
export type AuditExportQuery = z.output<typeof auditExportQuerySchema>;

export const auditCheckpointKinds = ['interval', 'export', 'migration'] as const;

/** A signed checkpoint of one org's chain head (decision 012). */
export const auditCheckpointSchema = z.object({
  orgId: z.uuid(),
  seq: z.number().int().positive(),
  /** The keyed (HMAC) chain's hash of entry `seq`. */
  hash: z.string(),
  /** The unkeyed sha256 running digest of entries 1…seq: what an auditor recomputes offline. */
  digest: z.string(),
  signedAt: z.iso.datetime(),
  keyId: z.string(),
  kind: z.enum(auditCheckpointKinds),
  /** Ed25519 over the canonical JSON of every other field, base64. */
  signature: z.string(),
});
export type AuditCheckpoint = z.infer<typeof auditCheckpointSchema>;

export const auditVerifyResponseSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int().nonnegative(),
  /** The first seq that does not hold (a missing row's seq, when rows were cut). */
  brokenAt: z.number().int().nullable(),
  /** What broke there, in words; null when the chain holds. */
  reason: z.string().nullable(),
  lastCheckpoint: auditCheckpointSchema.omit({ signature: true }).nullable(),
});
export type AuditVerifyResponse = z.infer<typeof auditVerifyResponseSchema>;

const publicKeySchema = z.object({ keyId: z.string(), publicKey: z.string() });
export const auditPublicKeyResponseSchema = z.object({
  algorithm: z.literal('Ed25519'),
  /** The current key (PEM, SPKI): save it for `pnpm audit:verify --public-key`. */
  ...publicKeySchema.shape,
  /** The key of APP_SECRET_PREVIOUS while a rotation is under way. */
  previous: publicKeySchema.nullable(),
});
export type AuditPublicKeyResponse = z.infer<typeof auditPublicKeyResponseSchema>;

/** The lines of a JSONL export: a header, entries and checkpoints in seq order, an end line. */
export const auditExportHeaderSchema = z.object({
  type: z.literal('header'),
  format: z.literal('gatehouse-audit-export'),
  version: z.literal(1),
  orgId: z.uuid(),
  exportedAt: z.iso.datetime(),
  filters: z.record(z.string(), z.unknown()),
  /** The last seq the export covers (the head when it began, signed by an `export` checkpoint). */
  throughSeq: z.number().int().nonnegative(),
});
export const auditExportCheckpointLineSchema = auditCheckpointSchema.extend({
  type: z.literal('checkpoint'),
});
/** Every hashed field of a row; `digest`, `prevHash` and `hash` are the chain's. */
export const auditExportEntryLineSchema = z
  .object({
    type: z.literal('entry'),
    seq: z.number().int().positive(),
    prevHash: z.string(),
    hash: z.string(),
    digest: z.string().nullable(),
    keyId: z.string().nullable(),
  })
  .catchall(z.unknown());
export const auditExportEndSchema = z.object({
  type: z.literal('end'),
  entries: z.number().int().nonnegative(),
});
