import { bigint, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Ed25519-signed heads of an org's audit chain (decision 012). `hash` is the keyed head,
 * `digest` the unkeyed running digest an auditor recomputes from an export.
 */
export const auditCheckpoints = pgTable(
  'audit_checkpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    digest: text('digest').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
    keyId: text('key_id').notNull(),
    kind: text('kind', { enum: ['interval', 'export', 'migration'] }).notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [uniqueIndex('audit_checkpoints_org_seq_idx').on(t.orgId, t.seq)],
);
