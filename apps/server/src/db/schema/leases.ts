import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Named leases shared by every instance (core/lease.ts): one holder at a time until it releases
 * the lease or stops renewing it. A row per name; a lapsed one is taken over, never piled up.
 */
export const leases = pgTable('leases', {
  key: text('key').primaryKey(),
  holder: uuid('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
