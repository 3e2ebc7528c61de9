import {
  effectiveSessionPolicy,
  type Permission,
  permissionsOf,
  type UnauthenticatedReason,
} from '@gatehouse/shared';
import { and, asc, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { orgSecuritySettings, orgs, sessions, users } from '../db/schema/index.js';
import type { DeviceInfo } from './device.js';
import type { GeoPoint } from './geo.js';
import {
  notifyOrgChanged,
  notifySessionsChanged,
  notifyUserChanged,
  type SessionCache,
} from './session-cache.js';
import { hashToken, newSessionToken } from './tokens.js';

export type SessionRow = typeof sessions.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type OrgRow = typeof orgs.$inferSelect;

export interface AuthContext {
  session: SessionRow;
  user: UserRow;
  org: OrgRow;
  permissions: readonly Permission[];
}

const MINUTE_MS = 60_000;

export interface NewSessionInput {
  user: UserRow;
  ip: string | null;
  userAgent: string | null;
  device?: DeviceInfo | null;
  deviceIdHash?: string | null;
  geo?: GeoPoint | null;
  authMethods: string[];
  now: Date;
}

export interface CreatedSession {
  session: SessionRow;
  /** The only copy of the token: it goes into the cookie and nowhere else. */
  token: string;
  /** Sessions revoked because this one went over the org's concurrent limit. */
  evicted: SessionRow[];
}

/** Creates a session with lifetimes from the org's policy, evicting beyond the concurrent limit. */
export async function createSession(db: Executor, input: NewSessionInput): Promise<CreatedSession> {
  return db.transaction((tx) => insertSession(tx, input));
}

async function insertSession(db: Executor, input: NewSessionInput): Promise<CreatedSession> {
  const { user, now } = input;
  const [settings] = await db
    .select()
    .from(orgSecuritySettings)
    .where(eq(orgSecuritySettings.orgId, user.orgId));
  const policy = effectiveSessionPolicy(
    settings?.sessionPreset ?? 'standard',
    settings?.idleMinutes ?? null,
    settings?.absoluteMinutes ?? null,
  );
  const token = newSessionToken();
  const absoluteExpiresAt = new Date(now.getTime() + policy.absoluteMinutes * MINUTE_MS);
  const [session] = await db
    .insert(sessions)
    .values({
      orgId: user.orgId,
      userId: user.id,
      tokenHash: hashToken(token),
      sessionVersion: user.sessionVersion,
      createdAt: now,
      lastSeenAt: now,
      idleMinutes: policy.idleMinutes,
      idleExpiresAt: slidIdleExpiry(now, policy.idleMinutes, absoluteExpiresAt),
      absoluteExpiresAt,
      ip: input.ip,
      userAgent: input.userAgent,
      device: input.device ?? null,
      deviceIdHash: input.deviceIdHash ?? null,
      country: input.geo?.country ?? null,
      city: input.geo?.city ?? null,
      latitude: input.geo?.latitude ?? null,
      longitude: input.geo?.longitude ?? null,
      mfaAt: input.authMethods.some((method) => method !== 'password') ? now : null,
      authMethods: input.authMethods,
    })
    .returning();
  if (!session) throw new Error('session insert returned no row');
  const limit = settings?.maxSessionsPerUser ?? 5;
  const evicted = await evictOverLimit(db, session, limit, now);
  return { session, token, evicted };
}

/** Not revoked and within both expiries: the one definition of a live session in SQL. */
export function isLive(now: Date) {
  return and(
    isNull(sessions.revokedAt),
    gt(sessions.idleExpiresAt, now),
    gt(sessions.absoluteExpiresAt, now),
  );
}

/** Live sessions of one user, most recently seen first. Uses sessions_user_last_seen_idx. */
export function liveSessionsOf(db: Executor, userId: string, now: Date) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isLive(now)))
    .orderBy(sql`${sessions.lastSeenAt} desc`);
}

/** The sign-in that goes over the limit revokes the least recently seen sessions. */
async function evictOverLimit(
  db: Executor,
  created: SessionRow,
  limit: number,
  now: Date,
): Promise<SessionRow[]> {
  const live = await db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, created.userId),
        ne(sessions.id, created.id),
        isNull(sessions.revokedAt),
        gt(sessions.idleExpiresAt, now),
        gt(sessions.absoluteExpiresAt, now),
      ),
    )
    .orderBy(asc(sessions.lastSeenAt), asc(sessions.createdAt))
    .for('update');
  const excess = live.length + 1 - limit;
  if (excess <= 0) return [];
  const victims = live.slice(0, excess);
  const ids = victims.map((v) => v.id);
  await db
    .update(sessions)
    .set({ revokedAt: now, revokeReason: 'session_limit', revokedBy: null })
    .where(inArray(sessions.id, ids));
  await notifySessionsChanged(db, ids);
  return victims;
}

/** The idle expiry after activity at `now`: never past the absolute expiry. */
export function slidIdleExpiry(now: Date, idleMinutes: number, absoluteExpiresAt: Date): Date {
  return new Date(Math.min(now.getTime() + idleMinutes * MINUTE_MS, absoluteExpiresAt.getTime()));
}

export type SessionLookup =
  | { ok: true; auth: AuthContext }
  | { ok: false; reason: UnauthenticatedReason };

/** Resolves a cookie token to its session, user and org, and checks every rule (DESIGN §4). */
export async function authenticateToken(
  db: Executor,
  cache: SessionCache,
  token: string,
  now: Date,
): Promise<SessionLookup & { cacheKey: string }> {
  const tokenHash = hashToken(token);
  const cacheKey = tokenHash.toString('base64');
  let auth = cache.get(cacheKey, now.getTime());
  if (!auth) {
    const epoch = cache.currentEpoch;
    const [row] = await db
      .select({ session: sessions, user: users, org: orgs })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(orgs, eq(orgs.id, sessions.orgId))
      .where(eq(sessions.tokenHash, tokenHash));
    if (!row) return { ok: false, reason: 'no_session', cacheKey };
    auth = { ...row, permissions: permissionsOf(row.user.role) };
    if (!sessionProblem(row.session, row.user, now))
      cache.set(cacheKey, auth, now.getTime(), epoch);
  }
  const reason = sessionProblem(auth.session, auth.user, now);
  if (reason) return { ok: false, reason, cacheKey };
  return { ok: true, auth, cacheKey };
}

export function sessionProblem(
  session: SessionRow,
  user: UserRow,
  now: Date,
): UnauthenticatedReason | null {
  if (session.revokedAt) return 'session_revoked';
  if (user.disabledAt) return 'session_revoked';
  if (session.sessionVersion !== user.sessionVersion) return 'session_invalidated';
  if (session.idleExpiresAt <= now || session.absoluteExpiresAt <= now) return 'session_expired';
  return null;
}

/** Marks activity: slides the idle window (never past absolute) and records last-seen. */
export async function touchSession(
  db: Executor,
  session: SessionRow,
  now: Date,
): Promise<SessionRow> {
  const idleExpiresAt = slidIdleExpiry(now, session.idleMinutes, session.absoluteExpiresAt);
  const [row] = await db
    .update(sessions)
    .set({ lastSeenAt: now, idleExpiresAt })
    .where(and(eq(sessions.id, session.id), isNull(sessions.revokedAt)))
    .returning();
  return row ?? session;
}

/** Revokes one live session; NOTIFY goes out in the same transaction. False if it was not live. */
export async function revokeSession(
  db: Executor,
  sessionId: string,
  reason: string,
  revokedBy: string | null,
  now: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(sessions)
      .set({ revokedAt: now, revokeReason: reason, revokedBy })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    await notifySessionsChanged(
      tx,
      rows.map((r) => r.id),
    );
    return rows.length > 0;
  });
}

/** Ends every session of a user at once through session_version (force logout, password). */
export async function invalidateUserSessions(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ sessionVersion: users.sessionVersion });
  if (!row) throw new Error('user vanished during update');
  await notifyUserChanged(db, userId);
  return row.sessionVersion;
}

/** Ends every other live session of a user; returns how many. NOTIFY in the same transaction. */
export async function revokeOtherSessions(
  db: Executor,
  userId: string,
  keepSessionId: string,
  reason: string,
  now: Date,
): Promise<number> {
  return db.transaction(async (tx) => {
    const ids = await revokeOthers(tx, userId, keepSessionId, reason, now);
    await notifySessionsChanged(tx, ids);
    return ids.length;
  });
}

async function revokeOthers(
  db: Executor,
  userId: string,
  keepSessionId: string,
  reason: string,
  now: Date,
): Promise<string[]> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokeReason: reason, revokedBy: userId })
    .where(
      and(
        eq(sessions.userId, userId),
        ne(sessions.id, keepSessionId),
        isNull(sessions.revokedAt),
        sql`${sessions.absoluteExpiresAt} > ${now}`,
        sql`${sessions.idleExpiresAt} > ${now}`,
      ),
    )
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

/**
 * Ends every live session of an org (all, or all but the caller's); returns how many. One
 * `o:` NOTIFY in the same transaction empties the org from every instance's cache.
 */
export async function revokeOrgSessions(
  db: Executor,
  orgId: string,
  keepSessionId: string | null,
  revokedBy: string,
  now: Date,
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(sessions)
      .set({ revokedAt: now, revokeReason: 'org_revoke', revokedBy })
      .where(
        and(
          eq(sessions.orgId, orgId),
          keepSessionId ? ne(sessions.id, keepSessionId) : undefined,
          isNull(sessions.revokedAt),
          sql`${sessions.absoluteExpiresAt} > ${now}`,
          sql`${sessions.idleExpiresAt} > ${now}`,
        ),
      )
      .returning({ id: sessions.id });
    await notifyOrgChanged(tx, orgId);
    return rows.length;
  });
}
