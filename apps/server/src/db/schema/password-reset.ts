import { index, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './orgs.js';
import { bytea } from './types.js';

/**
 * "Forgot password?" links: a 256-bit random token mailed to the user, of which only the sha256
 * is kept; single use, 30 minutes; the three newest live at once, and using one ends the others.
 */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: bytea('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    index('password_reset_tokens_user_idx').on(t.userId),
    index('password_reset_tokens_expires_idx').on(t.expiresAt),
  ],
);
