import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { OrgRow, UserRow } from '../../db/rows.js';
import {
  knownDevices,
  mfaChallenges,
  orgSecuritySettings,
  orgs,
  users,
} from '../../db/schema/index.js';

// users_email_lower_idx
export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return user;
}

export async function findUser(db: Executor, id: string): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

export async function findOrg(db: Executor, orgId: string): Promise<OrgRow | undefined> {
  const [org] = await db.select().from(orgs).where(eq(orgs.id, orgId));
  return org;
}

export async function insertOrgWithSettings(
  db: Executor,
  name: string,
  slug: string,
  now: Date,
): Promise<OrgRow> {
  const [org] = await db.insert(orgs).values({ name, slug, createdAt: now }).returning();
  if (!org) throw new Error('org insert returned no row');
  await db.insert(orgSecuritySettings).values({ orgId: org.id });
  return org;
}

export async function insertUser(db: Executor, values: typeof users.$inferInsert) {
  const [user] = await db.insert(users).values(values).returning();
  if (!user) throw new Error('user insert returned no row');
  return user;
}

export async function setPasswordHash(db: Executor, userId: string, passwordHash: string) {
  const rows = await db
    .update(users)
    .set({ passwordHash })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  if (rows.length !== 1) throw new Error('user vanished during a password change');
}

/**
 * The stored hash of this browser's id when it signed in to the account (by email or id) before,
 * else null. One query whether or not the account exists, so the answer costs the same either
 * way. Uses known_devices' primary key.
 */
export async function knownDeviceHash(
  db: Executor,
  account: { email: string } | { userId: string },
  deviceIdHashes: string[],
): Promise<string | null> {
  if (deviceIdHashes.length === 0) return null;
  const whose =
    'email' in account
      ? eq(sql`lower(${users.email})`, account.email.toLowerCase())
      : eq(users.id, account.userId);
  const [row] = await db
    .select({ deviceIdHash: knownDevices.deviceIdHash })
    .from(knownDevices)
    .innerJoin(users, eq(users.id, knownDevices.userId))
    .where(and(whose, inArray(knownDevices.deviceIdHash, deviceIdHashes)))
    .limit(1);
  return row?.deviceIdHash ?? null;
}

/** Records (or refreshes) the browser a user signed in from, keyed by the hashed gh_device id. */
export async function rememberDevice(
  db: Executor,
  device: { userId: string; deviceIdHash: string; label: string; country: string | null },
  now: Date,
): Promise<void> {
  await db
    .insert(knownDevices)
    .values({
      userId: device.userId,
      deviceIdHash: device.deviceIdHash,
      label: device.label,
      firstSeenAt: now,
      lastSeenAt: now,
      lastCountry: device.country,
    })
    .onConflictDoUpdate({
      target: [knownDevices.userId, knownDevices.deviceIdHash],
      set: {
        label: device.label,
        lastSeenAt: now,
        lastCountry: sql`coalesce(${device.country}, ${knownDevices.lastCountry})`,
      },
    });
}

export async function insertChallenge(
  db: Executor,
  challenge: { userId: string; tokenHash: Buffer; createdAt: Date; expiresAt: Date },
) {
  await db.insert(mfaChallenges).values(challenge);
}

const liveChallenge = (tokenHash: Buffer, now: Date) =>
  and(
    eq(mfaChallenges.tokenHash, tokenHash),
    isNull(mfaChallenges.usedAt),
    gt(mfaChallenges.expiresAt, now),
  );

export async function findLiveChallenge(db: Executor, tokenHash: Buffer, now: Date) {
  const [challenge] = await db.select().from(mfaChallenges).where(liveChallenge(tokenHash, now));
  return challenge;
}

/** Spends a live challenge; false when it was spent (or expired) meanwhile. */
export async function spendChallenge(db: Executor, tokenHash: Buffer, now: Date) {
  const spent = await db
    .update(mfaChallenges)
    .set({ usedAt: now })
    .where(liveChallenge(tokenHash, now))
    .returning({ id: mfaChallenges.id });
  return spent.length === 1;
}

export async function setPasswordResetRequired(db: Executor, userId: string, at: Date | null) {
  const rows = await db
    .update(users)
    .set({ passwordResetRequiredAt: at })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  if (rows.length !== 1) throw new Error('user vanished while securing the account');
}

/** A user of this org by id (their name and role, for acting on them), else undefined. */
export async function memberOfOrg(db: Executor, userId: string, orgId: string) {
  const [user] = await db
    .select({ id: users.id, name: users.name, role: users.role, orgId: users.orgId })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId)));
  return user;
}
