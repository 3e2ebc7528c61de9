import { and, desc, eq, gte, inArray, isNotNull, isNull, lte, not, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { pastCursor } from '../db/paging.js';
import {
  knownDevices,
  lastSignIns,
  orgSecuritySettings,
  securityAlerts,
  sessions,
  signInCountries,
  users,
} from '../db/schema/index.js';
import { isLive } from '../identity/index.js';

/** Whether the same alert went out for this user and device since `since` (…_user_type_created_idx). */
export async function hasRecentAlert(
  db: Executor,
  key: { userId: string; type: string; deviceIdHash: string | null; since: Date },
): Promise<boolean> {
  const [row] = await db
    .select({ id: securityAlerts.id })
    .from(securityAlerts)
    .where(
      and(
        eq(securityAlerts.userId, key.userId),
        eq(securityAlerts.type, key.type),
        gte(securityAlerts.createdAt, key.since),
        sql`${securityAlerts.deviceIdHash} is not distinct from ${key.deviceIdHash}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

export async function insertAlert(db: Executor, values: typeof securityAlerts.$inferInsert) {
  const [row] = await db.insert(securityAlerts).values(values).returning();
  if (!row) throw new Error('alert insert returned no row');
  return row;
}

/** The org's owners who can still sign in: who is told of changes to who holds power. */
export function activeOwnersOf(db: Executor, orgId: string) {
  return db
    .select({ id: users.id, orgId: users.orgId, email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, 'owner'), isNull(users.disabledAt)));
}

/** Whom the email goes to. */
export async function recipientOf(db: Executor, userId: string) {
  const [row] = await db
    .select({ id: users.id, orgId: users.orgId, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}

/** Every browser the user has signed in from (a handful): none means a first sign-in ever. */
export function devicesOf(db: Executor, userId: string) {
  return db
    .select({ deviceIdHash: knownDevices.deviceIdHash, lastSeenAt: knownDevices.lastSeenAt })
    .from(knownDevices)
    .where(eq(knownDevices.userId, userId));
}

export function countriesOf(db: Executor, userId: string) {
  return db
    .select({ country: signInCountries.country, lastSeenAt: signInCountries.lastSeenAt })
    .from(signInCountries)
    .where(eq(signInCountries.userId, userId));
}

export async function lastSignInOf(db: Executor, userId: string) {
  const [row] = await db.select().from(lastSignIns).where(eq(lastSignIns.userId, userId));
  return row;
}

/** The address of each of these users' latest sign-in, where one is known. */
export function lastSignInAddresses(db: Executor, userIds: readonly string[]) {
  return db
    .select({ userId: lastSignIns.userId, ip: lastSignIns.ip })
    .from(lastSignIns)
    .where(and(inArray(lastSignIns.userId, [...userIds]), isNotNull(lastSignIns.ip)));
}

/** Remembers this sign-in's country and place for the next one. */
export async function recordSignIn(
  db: Executor,
  row: typeof lastSignIns.$inferInsert & { userId: string; at: Date },
): Promise<void> {
  const { userId, at, ...place } = row;
  await db
    .insert(lastSignIns)
    .values(row)
    .onConflictDoUpdate({ target: lastSignIns.userId, set: { at, ...place } });
  if (!place.country) return;
  await db
    .insert(signInCountries)
    .values({ userId, country: place.country, firstSeenAt: at, lastSeenAt: at })
    .onConflictDoUpdate({
      target: [signInCountries.userId, signInCountries.country],
      set: { lastSeenAt: at },
    });
}

/**
 * The user's own sessions active since `since`: live ones, and those the session limit ended
 * in that time (revoked rows stay a day). Uses sessions_user_last_seen_idx.
 */
export function recentlyActiveSessions(db: Executor, userId: string, since: Date, now: Date) {
  return db
    .select({ country: sessions.country, deviceIdHash: sessions.deviceIdHash })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.impersonatorUserId),
        gte(sessions.lastSeenAt, since),
        or(
          isLive(now),
          and(eq(sessions.revokeReason, 'session_limit'), gte(sessions.revokedAt, since)),
        ),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
}

export async function sessionLimitOf(db: Executor, orgId: string): Promise<number> {
  const [row] = await db
    .select({ limit: orgSecuritySettings.maxSessionsPerUser })
    .from(orgSecuritySettings)
    .where(eq(orgSecuritySettings.orgId, orgId));
  return row?.limit ?? 5;
}

const acknowledgers = sql<
  string | null
>`(select ${users.name} from ${users} where ${users.id} = ${securityAlerts.acknowledgedBy})`;

/** The administrator an alert is about (`details.actorUserId`), by name. */
const actorNames = sql<
  string | null
>`(select ${users.name} from ${users} where ${users.id}::text = ${securityAlerts.details}->>'actorUserId')`;

const alertColumns = {
  alert: securityAlerts,
  user: { id: users.id, name: users.name, email: users.email },
  acknowledgedByName: acknowledgers,
  actorName: actorNames,
};

/** The filters of /admin/alerts that "Acknowledge all" honours too. */
export interface AlertFilters {
  unacknowledged: boolean;
  severity?: 'low' | 'medium' | 'high' | undefined;
}

/**
 * One page of an org's alerts, newest first: security_alerts_org_created_idx, or
 * security_alerts_org_open_idx for the unacknowledged ones.
 */
export function orgAlertsPage(
  db: Executor,
  orgId: string,
  page: { limit: number; cursor?: { at: Date; id: string } } & AlertFilters,
) {
  return db
    .select(alertColumns)
    .from(securityAlerts)
    .innerJoin(users, eq(users.id, securityAlerts.userId))
    .where(
      and(
        eq(securityAlerts.orgId, orgId),
        page.unacknowledged ? isNull(securityAlerts.acknowledgedAt) : undefined,
        page.severity ? eq(securityAlerts.severity, page.severity) : undefined,
        pastCursor(page.cursor, { at: securityAlerts.createdAt, id: securityAlerts.id }, 'desc'),
      ),
    )
    .orderBy(desc(securityAlerts.createdAt), desc(securityAlerts.id))
    .limit(page.limit);
}

/** One alert of the org (another org's id finds nothing: 404). */
export async function alertOfOrg(db: Executor, id: string, orgId: string) {
  const [row] = await db
    .select(alertColumns)
    .from(securityAlerts)
    .innerJoin(users, eq(users.id, securityAlerts.userId))
    .where(and(eq(securityAlerts.id, id), eq(securityAlerts.orgId, orgId)));
  return row;
}

/** Marks an alert acknowledged once; the first acknowledgement stands. */
export async function acknowledge(
  db: Executor,
  id: string,
  orgId: string,
  by: { userId: string; now: Date },
): Promise<boolean> {
  const rows = await db
    .update(securityAlerts)
    .set({ acknowledgedAt: by.now, acknowledgedBy: by.userId })
    .where(
      and(
        eq(securityAlerts.id, id),
        eq(securityAlerts.orgId, orgId),
        isNull(securityAlerts.acknowledgedAt),
      ),
    )
    .returning({ id: securityAlerts.id });
  return rows.length > 0;
}

/** An alert about this user, or about their own act (`details.actorUserId`). */
const aboutOrBy = (userId: string) =>
  // coalesce: a null actor would make the whole test null, and `not` of it exclude the row.
  sql`(${securityAlerts.userId} = ${userId} or coalesce(${securityAlerts.details}->>'actorUserId', '') = ${userId})`;

/**
 * "Acknowledge all": every open alert of the org created up to `upTo` (of `severity` if given),
 * but those about `exceptOwnOf` or their own acts, which are counted as skipped. One statement,
 * so an alert acknowledged meanwhile by someone else keeps its first acknowledgement.
 */
export async function acknowledgeAll(
  db: Executor,
  orgId: string,
  filter: { upTo: Date; severity?: AlertFilters['severity']; exceptOwnOf: string | null },
  by: { userId: string; now: Date },
): Promise<{ acknowledged: number; skipped: number }> {
  const open = and(
    eq(securityAlerts.orgId, orgId),
    isNull(securityAlerts.acknowledgedAt),
    lte(securityAlerts.createdAt, filter.upTo),
    filter.severity ? eq(securityAlerts.severity, filter.severity) : undefined,
  );
  const own = filter.exceptOwnOf ? aboutOrBy(filter.exceptOwnOf) : undefined;
  const rows = await db
    .update(securityAlerts)
    .set({ acknowledgedAt: by.now, acknowledgedBy: by.userId })
    .where(and(open, own ? not(own) : undefined))
    .returning({ id: securityAlerts.id });
  let skipped = 0;
  if (own) {
    const [row] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(securityAlerts)
      .where(and(open, own));
    skipped = row?.count ?? 0;
  }
  return { acknowledged: rows.length, skipped };
}

/** The alert a "This wasn't me" token belongs to (security_alerts_wasnt_me_token_hash_unique). */
export async function alertByWasntMeToken(db: Executor, tokenHash: Buffer) {
  const [row] = await db
    .select()
    .from(securityAlerts)
    .where(eq(securityAlerts.wasntMeTokenHash, tokenHash))
    .for('update');
  return row;
}

/** Spends the token: only the first use counts. */
export async function spendWasntMeToken(db: Executor, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(securityAlerts)
    .set({ wasntMeUsedAt: now })
    .where(and(eq(securityAlerts.id, id), isNull(securityAlerts.wasntMeUsedAt)))
    .returning({ id: securityAlerts.id });
  return rows.length > 0;
}

/** "This wasn't me": every token of the user's other alerts dies with it. */
export async function spendUserWasntMeTokens(db: Executor, userId: string, now: Date) {
  await db
    .update(securityAlerts)
    .set({ wasntMeUsedAt: now })
    .where(and(eq(securityAlerts.userId, userId), isNull(securityAlerts.wasntMeUsedAt)));
}
