import {
  effectiveSessionPolicy,
  IMPERSONATION_IDLE_MINUTES,
  IMPERSONATION_MAX_MINUTES,
} from '@gatehouse/shared';
import type { SQL } from 'drizzle-orm';
import type { DeviceInfo } from '../../core/device.js';
import type { GeoPoint } from '../../core/geo.js';
import { hashToken, newSessionToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import type { SessionRow, UserRow } from '../../db/rows.js';
import { notFound } from '../../http/errors.js';
import {
  notifyOrgChanged,
  notifySessionsChanged,
  notifyUserChanged,
  sessionsNotice,
  sessionsNoticed,
} from './cache.js';
import {
  addAuthMethod,
  bumpSessionVersion,
  byId,
  byIds,
  dropGrantsAndChallenges,
  insertSession,
  liveOthersForUpdate,
  ofOrgExcept,
  ofUserExcept,
  ofUserInOrg,
  openedBy,
  revokeWhere,
  sessionPolicyRow,
  touchUserLastSeen,
  updateSession,
} from './queries.js';

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
  /** A support session: an administrator signed in as the user, for a stated reason. */
  impersonation?: { byUserId: string; bySessionId: string; reason: string };
}

export interface CreatedSession {
  session: SessionRow;
  /** The only copy of the token: it goes into the cookie and nowhere else. */
  token: string;
  /** Sessions revoked because this one went over the org's concurrent limit. */
  evicted: SessionRow[];
}

/** The idle expiry after activity at `now`: never past the absolute expiry. */
export function slidIdleExpiry(now: Date, idleMinutes: number, absoluteExpiresAt: Date): Date {
  return new Date(Math.min(now.getTime() + idleMinutes * MINUTE_MS, absoluteExpiresAt.getTime()));
}

/** Opens a session with lifetimes from the org's policy, evicting beyond the concurrent limit. */
export async function createSession(db: Executor, input: NewSessionInput): Promise<CreatedSession> {
  const { user, now, impersonation } = input;
  const settings = await sessionPolicyRow(db, user.orgId);
  // A support session has short lifetimes of its own, whatever the org's policy says.
  const policy = impersonation
    ? { idleMinutes: IMPERSONATION_IDLE_MINUTES, absoluteMinutes: IMPERSONATION_MAX_MINUTES }
    : effectiveSessionPolicy(
        settings?.sessionPreset ?? 'standard',
        settings?.idleMinutes ?? null,
        settings?.absoluteMinutes ?? null,
      );
  const token = newSessionToken();
  const absoluteExpiresAt = new Date(now.getTime() + policy.absoluteMinutes * MINUTE_MS);
  const session = await insertSession(db, {
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
    impersonatorUserId: impersonation?.byUserId ?? null,
    impersonatorSessionId: impersonation?.bySessionId ?? null,
    impersonationReason: impersonation?.reason ?? null,
  });
  // A support session is not the user's activity, and never pushes their own sessions out.
  if (!impersonation) await touchUserLastSeen(db, user.id, now);
  const evicted = impersonation
    ? []
    : await evictOverLimit(db, session, settings?.maxSessionsPerUser ?? 5, now);
  return { session, token, evicted };
}

/** The sign-in that goes over the limit revokes the least recently seen sessions. */
async function evictOverLimit(
  db: Executor,
  created: SessionRow,
  limit: number,
  now: Date,
): Promise<SessionRow[]> {
  const live = await liveOthersForUpdate(db, created.userId, created.id, now);
  const excess = live.length + 1 - limit;
  if (excess <= 0) return [];
  const victims = live.slice(0, excess);
  const ids = victims.map((v) => v.id);
  const replacedByDevice = created.device?.label ?? null;
  await revokeAndTell(db, byIds(ids), {
    reason: 'session_limit',
    revokedBy: null,
    now,
    replacedByDevice,
  });
  return victims;
}

/**
 * Revokes the live sessions `where` matches and NOTIFYs each (`s:<id>`) in the same statement;
 * every instance hears of them when the transaction commits. Returns their ids.
 */
async function revokeAndTell(
  db: Executor,
  where: SQL,
  change: Parameters<typeof revokeWhere>[2],
): Promise<string[]> {
  const notice = sessionsNotice();
  const ids = await revokeWhere(db, where, change, notice);
  sessionsNoticed(notice, ids);
  return ids;
}

/** Revokes one live session; every instance hears of it when the transaction commits. */
export async function revokeSession(
  db: Executor,
  sessionId: string,
  change: { reason: string; revokedBy: string | null; now: Date },
): Promise<boolean> {
  return (await revokeAndTell(db, byId(sessionId), change)).length > 0;
}

/**
 * Someone signs one session out: the use case locked it live (`lockLiveSessionInOrg`) in its
 * `load`; one that ended meanwhile is 404, so nothing is recorded or told for a change that did
 * not happen.
 */
export async function signSessionOut(
  db: Executor,
  session: SessionRow,
  change: { reason: string; revokedBy: string | null; now: Date },
): Promise<void> {
  if (!(await revokeSession(db, session.id, change))) throw notFound('Session');
}

/** Ends every other live session of a user; returns how many. */
export async function revokeOtherSessions(
  db: Executor,
  userId: string,
  keepSessionId: string,
  change: { reason: string; revokedBy: string | null; now: Date },
): Promise<number> {
  return (await revokeAndTell(db, ofUserExcept(userId, keepSessionId), change)).length;
}

/** Ends every live session of an org (all, or all but one); one `o:` NOTIFY empties the caches. */
export async function revokeOrgSessions(
  db: Executor,
  orgId: string,
  keepSessionId: string | null,
  change: { revokedBy: string; now: Date },
): Promise<number> {
  const ids = await revokeWhere(db, ofOrgExcept(orgId, keepSessionId), {
    reason: 'org_revoke',
    ...change,
  });
  await notifyOrgChanged(db, orgId);
  return ids.length;
}

/** Why the support sessions of an administrator whose access ended were revoked. */
export const IMPERSONATOR_ACCESS_ENDED = 'impersonator_access_ended';

/**
 * Ends every session a user holds (all but `keepSessionId`), recording why, and every support
 * session they opened as an administrator. session_version moves on, so no session of theirs
 * survives on any instance, even one opened a moment ago; the caller gives the kept session the
 * new version. Returns the ids that ended and the new version.
 */
export async function endSessionsOf(
  db: Executor,
  user: { id: string; orgId: string },
  change: {
    reason: string;
    revokedBy: string | null;
    now: Date;
    keepSessionId?: string;
    /** What the administrator wrote, for the user's own sessions' sign-in page (not support sessions'). */
    note?: string;
  },
): Promise<{ sessions: string[]; supportSessions: string[]; sessionVersion: number }> {
  const { keepSessionId, note, ...revoke } = change;
  const sessionVersion = await bumpSessionVersion(db, user.id, user.orgId);
  await notifyUserChanged(db, user.id);
  const own = await revokeWhere(db, ofUserInOrg(user.id, user.orgId, keepSessionId ?? null), {
    ...revoke,
    ...(note ? { note } : {}),
  });
  // A support session is the impersonated user's row: the version of its admin does not reach it.
  const support = await revokeAndTell(db, openedBy(user.id, user.orgId), {
    ...revoke,
    reason: IMPERSONATOR_ACCESS_ENDED,
  });
  return { sessions: own, supportSessions: support, sessionVersion };
}

/** Revokes the given sessions (those still live); returns how many. */
export async function revokeSessions(
  db: Executor,
  sessionIds: readonly string[],
  change: { reason: string; revokedBy: string | null; now: Date },
): Promise<number> {
  if (sessionIds.length === 0) return 0;
  return (await revokeAndTell(db, byIds(sessionIds), change)).length;
}

/**
 * Gives a session a new token after its credentials changed (password, second factor); the old
 * token is dead as soon as the transaction commits. The public id, and so the CSRF token, stay.
 */
export async function rotateSessionToken(
  db: Executor,
  session: SessionRow,
  change: { sessionVersion?: number } = {},
): Promise<{ session: SessionRow; token: string }> {
  const token = newSessionToken();
  const updated = await updateSession(db, session.id, { tokenHash: hashToken(token), ...change });
  if (!updated) throw new Error('session vanished during token rotation');
  await notifySessionsChanged(db, [session.id]);
  return { session: updated, token };
}

/**
 * A factor or the password changed: step-up grants of every session of the user end, and so
 * do half-finished MFA sign-ins (they proved the old credentials). Returns their ids.
 */
export async function endGrantsAndChallenges(
  db: Executor,
  userId: string,
  now: Date,
): Promise<{ grants: string[]; challenges: string[] }> {
  return dropGrantsAndChallenges(db, userId, now);
}

/** The session passed a second factor now. */
export async function markSessionMfa(
  db: Executor,
  sessionId: string,
  method: 'totp' | 'recovery_code' | 'passkey',
  now: Date,
): Promise<void> {
  await addAuthMethod(db, sessionId, method, now);
  await notifySessionsChanged(db, [sessionId]);
}

/** Marks activity: slides the idle window (never past absolute) and records last-seen. */
export async function touchSession(
  db: Executor,
  session: SessionRow,
  now: Date,
): Promise<SessionRow> {
  const idleExpiresAt = slidIdleExpiry(now, session.idleMinutes, session.absoluteExpiresAt);
  const touched = await updateSession(db, session.id, { lastSeenAt: now, idleExpiresAt });
  // The user's own last activity, which outlives the session; a support session's is not theirs.
  if (touched && !session.impersonatorUserId) await touchUserLastSeen(db, session.userId, now);
  return touched ?? session;
}
