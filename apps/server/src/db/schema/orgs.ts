import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const roleEnum = pgEnum('role', ['owner', 'admin', 'member']);
export const sessionPresetEnum = pgEnum('session_preset', ['strict', 'standard', 'custom']);

export const orgs = pgTable('orgs', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: roleEnum('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    sessionVersion: integer('session_version').notNull().default(1),
    totpSecretEnc: text('totp_secret_enc'),
    totpPendingSecretEnc: text('totp_pending_secret_enc'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** Set by "This wasn't me": sign-in is refused until the password is reset. */
    passwordResetRequiredAt: timestamp('password_reset_required_at', { withTimezone: true }),
    /**
     * The user's last activity in a session of their own (sign-in, or a session's last-seen
     * touch; support sessions do not count): kept when the sessions end and are purged.
     */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // Case-insensitive uniqueness; the application also stores emails lower-cased.
    uniqueIndex('users_email_lower_idx').on(sql`lower(${t.email})`),
    // An org's users, oldest first: the Team list's pages.
    index('users_org_created_idx').on(t.orgId, t.createdAt, t.id),
  ],
);

export const orgSecuritySettings = pgTable('org_security_settings', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => orgs.id, { onDelete: 'cascade' }),
  requireMfaForDownloads: boolean('require_mfa_for_downloads').notNull().default(true),
  requireMfaForShares: boolean('require_mfa_for_shares').notNull().default(true),
  sessionPreset: sessionPresetEnum('session_preset').notNull().default('standard'),
  idleMinutes: integer('idle_minutes'),
  absoluteMinutes: integer('absolute_minutes'),
  maxSessionsPerUser: integer('max_sessions_per_user').notNull().default(5),
  /** What admins may do while impersonating: only read (default), or write too. */
  impersonationMode: text('impersonation_mode', { enum: ['read_only', 'full'] })
    .notNull()
    .default('read_only'),
  /** Owners' and admins' sessions that could register DBSC must be bound for admin pages (decision 025). */
  requireDeviceBoundAdmins: boolean('require_device_bound_admins').notNull().default(false),
  /** Owners and admins sign in and step up only with a passkey (decision 024). */
  requirePasskeysForAdmins: boolean('require_passkeys_for_admins').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }),
  updatedBy: uuid('updated_by'),
});
