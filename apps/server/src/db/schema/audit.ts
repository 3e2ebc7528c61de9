import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const auditLogs = pgTable(
  'audit_logs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null for events that belong to no org (a sign-in attempt for an unknown email). */
    orgId: uuid('org_id'),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: uuid('actor_user_id'),
    realUserId: uuid('real_user_id'),
    /** The API token that acted for the org (bearer requests have no user). */
    actorTokenId: uuid('actor_token_id'),
    isImpersonating: boolean('is_impersonating').notNull().default(false),
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['SUCCESS', 'FAIL'] }).notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    country: text('country'),
    city: text('city'),
    failureReason: text('failure_reason'),
    before: jsonb('before'),
    after: jsonb('after'),
    metadata: jsonb('metadata'),
    prevHash: text('prev_hash').notNull(),
    /** HMAC-SHA256 under the audit chain key `key_id` (decision 012); sha256 for legacy rows. */
    hash: text('hash').notNull(),
    /** Which APP_SECRET's chain key made `hash`; null for a row of the old unkeyed chain. */
    keyId: text('key_id'),
    /** Unkeyed sha256 running digest of the org's entries up to this one (offline proof). */
    digest: text('digest'),
  },
  (t) => [
    uniqueIndex('audit_logs_org_seq_idx').on(t.orgId, t.seq),
    // Where a date cuts the chain (audit/reading cutBefore): `order by at desc, seq desc limit
    // 1` is one step down this index read backwards.
    index('audit_logs_org_at_idx').on(t.orgId, t.at, t.seq),
    // The audit log's filters (GET /api/audit): each one an index range already in seq order,
    // so a first page reads ~limit rows whatever the filter matches. Ascending, like
    // audit_logs_org_seq_idx: read backwards it is `seq desc` (nulls first) — an index declared
    // `desc nulls last` does not match that order and the planner sorts instead.
    index('audit_logs_org_action_seq_idx').on(t.orgId, t.action, t.seq),
    index('audit_logs_org_actor_seq_idx').on(t.orgId, t.actorUserId, t.seq),
    index('audit_logs_org_target_seq_idx').on(t.orgId, t.targetId, t.seq),
    // Failures are few among successes: a partial index keeps "failed only" a short walk.
    index('audit_logs_org_failed_seq_idx').on(t.orgId, t.seq).where(sql`${t.outcome} = 'FAIL'`),
    index('audit_logs_org_impersonating_seq_idx')
      .on(t.orgId, t.seq)
      .where(sql`${t.isImpersonating}`),
    // Empty once migrated: the start-up check for rows of the old unkeyed chain reads nothing.
    index('audit_logs_unkeyed_idx').on(t.orgId, t.seq).where(sql`${t.keyId} is null`),
  ],
);
