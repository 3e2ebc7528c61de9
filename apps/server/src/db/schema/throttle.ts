import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Fixed-window failure counters shared by every API instance (sign-in, step-up). */
export const throttleCounters = pgTable('throttle_counters', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowEndsAt: timestamp('window_ends_at', { withTimezone: true }).notNull(),
});
