import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Events that belong to no org (a failed sign-in for an unknown email, a made-up share link):
 * written without a chain and without a lock, so a flood of them never queues behind one
 * advisory lock (decision 013). No org's auditor reads them; operators do.
 */
export const orglessAuditEvents = pgTable(
  'orgless_audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: uuid('actor_user_id'),
    realUserId: uuid('real_user_id'),
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
  },
  (t) => [index('orgless_audit_events_at_idx').on(t.at.desc())],
);

/**
 * One refusal window per key (action, reason, org, actor, address, target) and aligned period:
 * the first refusal writes an audit row, the rest only add to `count`, and the window's total is
 * written as one summary row once it ends (decision 013).
 */
export const auditWindows = pgTable(
  'audit_windows',
  {
    /** `baseKey` and the window's start, so each window is a row of its own. */
    key: text('key').primaryKey(),
    baseKey: text('base_key').notNull(),
    count: integer('count').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** The first refusal's audit row, repeated with the total in the summary. */
    firstRow: jsonb('first_row').notNull(),
  },
  (t) => [
    index('audit_windows_ends_at_idx').on(t.endsAt),
    index('audit_windows_base_key_idx').on(t.baseKey),
  ],
);
