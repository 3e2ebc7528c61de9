import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgs, users } from './orgs.js';
import { bytea } from './types.js';

export interface DeviceInfo {
  label: string;
  browser: string;
  os: string;
  type: 'desktop' | 'mobile' | 'tablet' | 'unknown';
}

/** A DBSC public key as the browser sent it (public members only: EC P-256 or RSA). */
export interface DbscPublicKey {
  kty: string;
  [member: string]: unknown;
}

export const sessions = pgTable(
  'sessions',
  {
    /** The public handle of a session; never the token. */
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** sha256 of the 256-bit cookie token. */
    tokenHash: bytea('token_hash').notNull().unique(),
    sessionVersion: integer('session_version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** The idle window fixed at sign-in, so that sliding keeps the policy the session began with. */
    idleMinutes: integer('idle_minutes').notNull(),
    idleExpiresAt: timestamp('idle_expires_at', { withTimezone: true }).notNull(),
    absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    device: jsonb('device').$type<DeviceInfo>(),
    deviceIdHash: text('device_id_hash'),
    country: text('country'),
    city: text('city'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    mfaAt: timestamp('mfa_at', { withTimezone: true }),
    authMethods: text('auth_methods').array().notNull().default([]),
    impersonatorUserId: uuid('impersonator_user_id'),
    /** The administrator's own session, kept while they impersonate and restored on exit. */
    impersonatorSessionId: uuid('impersonator_session_id'),
    impersonationReason: text('impersonation_reason'),
    /**
     * When this support session's end was recorded (audit rows, the user's email): set once, by
     * exit or by the sweeper, whichever comes first. The purge keeps the row until it is set.
     */
    supportEndRecordedAt: timestamp('support_end_recorded_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokeReason: text('revoke_reason'),
    revokedBy: uuid('revoked_by'),
    /**
     * What the administrator who forced the user out wrote (≤ 200 characters, as written): the
     * signed-out browser's 401 carries it, quoted, to the sign-in page (decision 022).
     */
    revokeNote: text('revoke_note'),
    /**
     * A session the limit ended (`session_limit`): the device whose sign-in took its place, so
     * the browser signed out is told "because you signed in on …" (DESIGN §4).
     */
    replacedByDevice: text('replaced_by_device'),
    /** The browser's DBSC public key (JWK) once it registered; then every request needs the bound cookie. */
    dbscPublicKey: jsonb('dbsc_public_key').$type<DbscPublicKey>(),
    dbscBoundAt: timestamp('dbsc_bound_at', { withTimezone: true }),
    /** The browser started a DBSC registration (so it supports DBSC), bound or not (decision 025). */
    dbscAttemptedAt: timestamp('dbsc_attempted_at', { withTimezone: true }),
    /** The one outstanding refresh challenge (single use) and when it stops being accepted. */
    dbscChallenge: text('dbsc_challenge'),
    dbscChallengeExpiresAt: timestamp('dbsc_challenge_expires_at', { withTimezone: true }),
  },
  (t) => [
    // Matches `order by last_seen_at desc` exactly (NULLS FIRST is DESC's default).
    index('sessions_user_last_seen_idx').on(t.userId, t.lastSeenAt.desc().nullsFirst()),
    // The org's sessions page in its order (last seen, then id): an ordered scan that stops
    // at the page's end, whatever the org's size.
    index('sessions_org_last_seen_idx').on(
      t.orgId,
      t.lastSeenAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('sessions_absolute_expires_idx').on(t.absoluteExpiresAt),
    index('sessions_idle_expires_idx').on(t.idleExpiresAt),
    index('sessions_revoked_at_idx').on(t.revokedAt).where(sql`${t.revokedAt} is not null`),
    // Support sessions whose end is still to record: a handful, read whole by the sweeper.
    index('sessions_support_unrecorded_idx')
      .on(t.idleExpiresAt)
      .where(sql`${t.impersonatorUserId} is not null and ${t.supportEndRecordedAt} is null`),
    // The support sessions an administrator opened: they end when the administrator's access does.
    index('sessions_impersonator_idx')
      .on(t.impersonatorUserId)
      .where(sql`${t.impersonatorUserId} is not null`),
    // Sliding never passes the absolute expiry, so an expired session is always idle-expired and
    // the sweeper needs to walk one index only.
    check('sessions_idle_within_absolute', sql`${t.idleExpiresAt} <= ${t.absoluteExpiresAt}`),
  ],
);
