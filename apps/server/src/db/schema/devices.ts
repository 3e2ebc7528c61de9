import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './orgs.js';

/** Browsers (by their `gh_device` cookie, hashed) each user has signed in from. */
export const knownDevices = pgTable(
  'known_devices',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    deviceIdHash: text('device_id_hash').notNull(),
    label: text('label').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    lastCountry: text('last_country'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.deviceIdHash] })],
);
