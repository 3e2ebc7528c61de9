import { sql } from 'drizzle-orm';
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgs, users } from './orgs.js';
import { bytea } from './types.js';

/** What an alert says beyond its type: where, which device, and type-specific facts. */
export interface AlertDetails {
  ip: string | null;
  country: string | null;
  city: string | null;
  device: string | null;
  /** A line of facts of its own (the administrator, the reason, the countries seen). */
  summary: string | null;
  /** The summary in the third person, for /admin/alerts (the user's mail says "you"). */
  adminSummary?: string | null;
  /** Who caused it, when someone else did (an owner's notice): they may not acknowledge it. */
  actorUserId?: string | null;
}

/** Security alerts (DESIGN §9): one row per alert raised, listed on /admin/alerts. */
export const securityAlerts = pgTable(
  'security_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    severity: text('severity', { enum: ['low', 'medium', 'high'] }).notNull(),
    details: jsonb('details').$type<AlertDetails>().notNull(),
    /** The browser (`gh_device`, keyed hash) the alert is about, when there is one: dedup key. */
    deviceIdHash: text('device_id_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    /** sha256 of the email's single-use "This wasn't me" token; never the token. */
    wasntMeTokenHash: bytea('wasnt_me_token_hash').unique(),
    wasntMeExpiresAt: timestamp('wasnt_me_expires_at', { withTimezone: true }).notNull(),
    wasntMeUsedAt: timestamp('wasnt_me_used_at', { withTimezone: true }),
  },
  (t) => [
    // /admin/alerts: the org's alerts newest first, and the unacknowledged ones alone.
    index('security_alerts_org_created_idx').on(
      t.orgId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('security_alerts_org_open_idx')
      .on(t.orgId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.acknowledgedAt} is null`),
    // Dedup: the same type for the same user (and device) within the last hour.
    index('security_alerts_user_type_created_idx').on(
      t.userId,
      t.type,
      t.createdAt.desc().nullsFirst(),
    ),
  ],
);

/** The countries each user has signed in from, and when last: the new-country rule's memory. */
export const signInCountries = pgTable(
  'sign_in_countries',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    country: text('country').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.country] })],
);

/**
 * Each user's latest sign-in and where it was (null when unknown): the impossible-travel rule
 * compares the next one with it. Kept apart from sessions, which the sweeper deletes at expiry.
 */
export const lastSignIns = pgTable('last_sign_ins', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  at: timestamp('at', { withTimezone: true }).notNull(),
  /** The address it came from: an owner's is one an admin's IP rule may not block (decision 018). */
  ip: text('ip'),
  country: text('country'),
  city: text('city'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  /** GeoIP's accuracy radius: distances inside it say nothing about travel. */
  accuracyKm: integer('accuracy_km'),
});
