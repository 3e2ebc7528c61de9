import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './orgs.js';
import { bytea } from './types.js';

/**
 * A sign-in held at the session limit (DESIGN §4): the password and any second factor were
 * right, and the person chooses which live session ends. A short-lived, single-use token (only
 * its sha256 stored), bound to the browser that signed in (`device_id_hash`) and to the
 * account's `session_version`, so a password change or a force logout meanwhile ends it.
 */
export const sessionChoices = pgTable(
  'session_choices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: bytea('token_hash').notNull().unique(),
    deviceIdHash: text('device_id_hash').notNull(),
    sessionVersion: integer('session_version').notNull(),
    /** How the sign-in was verified: the session opened by the choice records the same. */
    authMethods: text('auth_methods').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('session_choices_expires_idx').on(t.expiresAt)],
);
