import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orgs, users } from './orgs.js';

export const ipRuleActionEnum = pgEnum('ip_rule_action', ['allow', 'deny']);

/** An org's network rule (DESIGN §7): deny always wins; once an allow exists, only matches pass. */
export const ipRules = pgTable(
  'ip_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    action: ipRuleActionEnum('action').notNull(),
    /** Canonical CIDR as the parser prints it (a bare address is stored as /32 or /128). */
    cidr: text('cidr').notNull(),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('ip_rules_org_idx').on(t.orgId, t.createdAt)],
);
