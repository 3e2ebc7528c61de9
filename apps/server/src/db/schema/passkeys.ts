import type { AuthenticatorTransportFuture } from '@simplewebauthn/server';
import { bigint, boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './orgs.js';
import { bytea } from './types.js';

/**
 * WebAuthn credentials (decision 024): only public material — the credential id, the COSE
 * public key, the signature counter, transports, the AAGUID and the backup state.
 */
export const passkeys = pgTable(
  'passkeys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull(),
    /** Base64url, as the browser names it; unique across every user (no double registration). */
    credentialId: text('credential_id').notNull().unique(),
    publicKey: bytea('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: text('transports')
      .array()
      .$type<AuthenticatorTransportFuture[]>()
      .notNull()
      .default([]),
    aaguid: text('aaguid').notNull(),
    /** `multiDevice` (may be synced) or `singleDevice`, fixed at registration. */
    deviceType: text('device_type', { enum: ['singleDevice', 'multiDevice'] }).notNull(),
    backedUp: boolean('backed_up').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('passkeys_user_idx').on(t.userId, t.createdAt)],
);

/**
 * An outstanding WebAuthn challenge, kept server-side so it is single-use and expires: bound to
 * the session that asked (registration, step-up with its purpose) or to nobody (sign-in, which
 * the browser answers with whatever discoverable credential the person picks).
 */
export const webauthnChallenges = pgTable(
  'webauthn_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['register', 'sign_in', 'step_up'] }).notNull(),
    challenge: text('challenge').notNull().unique(),
    userId: uuid('user_id'),
    /** `session:<id>` (registration, step-up) or `device:<gh_device hash>` (sign-in). */
    boundTo: text('bound_to').notNull(),
    purpose: text('purpose'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('webauthn_challenges_expires_idx').on(t.expiresAt)],
);
