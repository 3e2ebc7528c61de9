import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Executor } from '../../db/client.js';
import type { SessionRow } from '../../db/rows.js';
import {
  mfaChallenges,
  orgSecuritySettings,
  orgs,
  sessionChoices,
  sessions,
  stepUpGrants,
  users,
} from '../../db/schema/index.js';

/** Not revoked and within both expiries: the one definition of a live session in SQL. */
export function isLive(now: Date): SQL {
  return and(
    isNull(sessions.revokedAt),
    gt(sessions.idleExpiresAt, now),
    gt(sessions.absoluteExpiresAt, now),
  ) as SQL;
}

/**
 * The user's last activity (users.last_seen_at), moved forward only: the team list reads it, so
 * it outlives the sessions that set it (decision 022).
 */
export async function touchUserLastSeen(db: Executor, userId: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({ lastSeenAt: now })
    .where(
      and(eq(users.id, userId), sql`(${users.lastSeenAt} is null or ${users.lastSeenAt} < ${now})`),
    );
}

/** The org's session policy row (absent for an org created before the table existed). */
export async function sessionPolicyRow(db: Executor, orgId: string) {
  const [row] = await db
    .select()
    .from(orgSecuritySettings)
    .where(eq(orgSecuritySettings.orgId, orgId));
  return row;
}

export async function insertSession(
  db: Executor,
  values: typeof sessions.$inferInsert,
): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values(values).returning();
  if (!row) throw new Error('session insert returned no row');
  return row;
}

/** The user's other live sessions, least recently seen first, locked for eviction. */
export function liveOthersForUpdate(db: Executor, userId: string, exceptId: string, now: Date) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, exceptId), isLive(now)))
    .orderBy(asc(sessions.lastSeenAt), asc(sessions.createdAt))
    .for('update');
}

/** Marks the live sessions matching `where` revoked; returns their ids. */
export async function revokeWhere(
  db: Executor,
  where: SQL | undefined,
  change: {
    reason: string;
    revokedBy: string | null;
    now: Date;
    /** The session limit: the device whose sign-in took the place of these. */
    replacedByDevice?: string | null;
    /** A force logout: what the administrator wrote (decision 022). */
    note?: string;
  },
  /**
   * Each revoked session's NOTIFY, `<prefix><id><tag>` on `channel`, sent by the same statement
   * (one round trip, not one more per session).
   */
  notice?: { channel: string; prefix: string; tag: string },
): Promise<string[]> {
  const revoke = db
    .update(sessions)
    .set({
      revokedAt: change.now,
      revokeReason: change.reason,
      revokedBy: change.revokedBy,
      revokeNote: change.note ?? null,
      ...(change.replacedByDevice ? { replacedByDevice: change.replacedByDevice } : {}),
    })
    .where(and(where, isLive(change.now)))
    .returning({ id: sessions.id });
  if (!notice) return (await revoke).map((r) => r.id);
  const result = await db.execute(
    sql`with revoked as ${revoke} select id, pg_notify(${notice.channel}, ${notice.prefix} || id || ${notice.tag}) from revoked`,
  );
  return revokedIds.parse(result).rows.map((r) => r.id);
}

const revokedIds = z.object({ rows: z.array(z.object({ id: z.string() })) });

export const byIds = (ids: readonly string[]): SQL => inArray(sessions.id, [...ids]);
export const byId = (id: string): SQL => eq(sessions.id, id);
export const ofUserExcept = (userId: string, keepId: string): SQL =>
  and(eq(sessions.userId, userId), ne(sessions.id, keepId)) as SQL;
/** A user's sessions in their org, but one (the password change keeps the session it came from). */
export const ofUserInOrg = (userId: string, orgId: string, keepId: string | null): SQL =>
  and(
    eq(sessions.userId, userId),
    eq(sessions.orgId, orgId),
    keepId ? ne(sessions.id, keepId) : undefined,
  ) as SQL;
/** Support sessions an administrator opened (sessions_impersonator_idx). */
export const openedBy = (impersonatorUserId: string, orgId: string): SQL =>
  and(eq(sessions.impersonatorUserId, impersonatorUserId), eq(sessions.orgId, orgId)) as SQL;
export const ofOrgExcept = (orgId: string, keepId: string | null): SQL =>
  and(eq(sessions.orgId, orgId), keepId ? ne(sessions.id, keepId) : undefined) as SQL;

/** The administrator behind a support session, joined by `impersonator_user_id`. */
export const impersonators = alias(users, 'impersonator');

/** The columns of a session its list shows (`SessionListRow`): a third of the row's 35. */
const listColumns = {
  id: sessions.id,
  userId: sessions.userId,
  createdAt: sessions.createdAt,
  lastSeenAt: sessions.lastSeenAt,
  idleExpiresAt: sessions.idleExpiresAt,
  absoluteExpiresAt: sessions.absoluteExpiresAt,
  ip: sessions.ip,
  country: sessions.country,
  city: sessions.city,
  userAgent: sessions.userAgent,
  device: sessions.device,
  impersonatorUserId: sessions.impersonatorUserId,
  dbscBoundAt: sessions.dbscBoundAt,
};

/**
 * Live sessions of one user, most recently seen first, with the name of the administrator behind
 * any support session. Uses sessions_user_last_seen_idx; the name is a scalar subquery rather
 * than a join, so the planner never weighs a join against the index order (support sessions are
 * rare, and the subquery runs only for them). Only the listed columns: on 100 sessions, parsing
 * and mapping the whole rows was most of the call (decision 026).
 */
export function liveSessionsOf(db: Executor, userId: string, now: Date) {
  const impersonatorName = sql<
    string | null
  >`case when ${sessions.impersonatorUserId} is null then null else (select ${users.name} from ${users} where ${users.id} = ${sessions.impersonatorUserId}) end`;
  return db
    .select({ session: listColumns, impersonatorName })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isLive(now)))
    .orderBy(desc(sessions.lastSeenAt));
}

/** A session with its user and org, by the digest of its token (sessions_token_hash_unique). */
/** A session row by id, live or ended (what a reaction to its revoke describes). */
export async function sessionById(db: Executor, id: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

export async function sessionByTokenHash(db: Executor, tokenHash: Buffer) {
  const [row] = await db
    .select({ session: sessions, user: users, org: orgs })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(orgs, eq(orgs.id, sessions.orgId))
    .where(eq(sessions.tokenHash, tokenHash));
  return row;
}

export async function updateSession(
  db: Executor,
  id: string,
  change: Partial<typeof sessions.$inferInsert>,
): Promise<SessionRow | undefined> {
  const [row] = await db
    .update(sessions)
    .set(change)
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .returning();
  return row;
}

/** Records a second factor on the session (DESIGN §3 `mfa_at`, `auth_methods`). */
export async function addAuthMethod(db: Executor, id: string, method: string, now: Date) {
  const rows = await db
    .update(sessions)
    .set({
      mfaAt: now,
      authMethods: sql`(select array_agg(distinct m) from unnest(array_append(${sessions.authMethods}, ${method}::text)) m)`,
    })
    .where(eq(sessions.id, id))
    .returning({ id: sessions.id });
  // The request's own session, read a moment ago: gone means it was purged under it.
  if (rows.length !== 1) throw new Error('session vanished while recording a second factor');
}

export async function bumpSessionVersion(
  db: Executor,
  userId: string,
  orgId?: string,
): Promise<number> {
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(and(eq(users.id, userId), orgId ? eq(users.orgId, orgId) : undefined))
    .returning({ sessionVersion: users.sessionVersion });
  if (!row) throw new Error('user vanished during update');
  return row.sessionVersion;
}

/** Step-up grants of every session of the user, and their half-finished MFA sign-ins; their ids. */
export async function dropGrantsAndChallenges(db: Executor, userId: string, now: Date) {
  const grants = await db
    .delete(stepUpGrants)
    .where(eq(stepUpGrants.userId, userId))
    .returning({ id: stepUpGrants.id });
  const challenges = await db
    .update(mfaChallenges)
    .set({ usedAt: now })
    .where(
      and(
        eq(mfaChallenges.userId, userId),
        isNull(mfaChallenges.usedAt),
        gt(mfaChallenges.expiresAt, now),
      ),
    )
    .returning({ id: mfaChallenges.id });
  return { grants: grants.map((g) => g.id), challenges: challenges.map((c) => c.id) };
}

/** A live session by its public id, only within the caller's org, locked for its revoke. */
export async function lockLiveSessionInOrg(db: Executor, id: string, orgId: string, now: Date) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), eq(sessions.orgId, orgId), isLive(now)))
    .for('update');
  return row;
}

export async function userInOrg(db: Executor, userId: string, orgId: string) {
  const [user] = await db
    .select({ id: users.id, role: users.role, name: users.name })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId)));
  return user;
}

/** Revoked rows stay a day, so "recent activity" can still show what happened. */
const REVOKED_RETENTION_MS = 24 * 60 * 60 * 1000;

/** What makes a session dead, each with the index that finds it in expiry order. */
/** A support session stays until its end is recorded and mailed (impersonation's sweeper). */
const ENDED_FOR_GOOD = sql`(impersonator_user_id is null or support_end_recorded_at is not null)`;

const DEAD_BY = {
  // sessions_idle_expires_idx. The check sessions_idle_within_absolute keeps idle ≤ absolute, so
  // this also finds every absolutely expired row; a second pass over the absolute index would
  // have to step over the index entries of all the rows this pass just deleted (one slow scan).
  expired: (now: Date, inOrg: SQL) =>
    sql`idle_expires_at <= ${now} and ${ENDED_FOR_GOOD} ${inOrg} order by idle_expires_at`,
  // sessions_revoked_at_idx (partial: revoked rows only)
  revoked: (now: Date, inOrg: SQL) =>
    sql`revoked_at is not null and revoked_at <= ${new Date(now.getTime() - REVOKED_RETENTION_MS)} and ${ENDED_FOR_GOOD} ${inOrg} order by revoked_at`,
} as const;

export type DeadKind = keyof typeof DEAD_BY;

/**
 * Deletes one batch of dead sessions of one kind. Walking one index in order with a LIMIT stops
 * after `batchSize` rows (an OR of the three would build a bitmap of every dead row each time);
 * `FOR UPDATE SKIP LOCKED` lets several instances sweep at once without waiting on each other.
 */
export async function purgeSessionBatch(
  db: Executor,
  now: Date,
  kind: DeadKind,
  batchSize: number,
  orgId?: string,
): Promise<number> {
  // An owner's cleanup purges their own org only; the sweeper, every org.
  const inOrg = orgId ? sql`and org_id = ${orgId}` : sql``;
  // Its commit does not wait for the WAL flush: a batch lost in a crash is purged again by the
  // next sweep, and a purge that waits on an fsync behind a checkpoint stalls (decision 026).
  const result = await db.execute(sql`
    with doomed as (
      select id from sessions where ${DEAD_BY[kind](now, inOrg)}
      limit ${batchSize}
      for update skip locked
    ), asynchronous as (
      select set_config('synchronous_commit', 'off', true)
    )
    delete from sessions using doomed, asynchronous where sessions.id = doomed.id`);
  return affectedRows(result);
}

export async function purgeExpiredGrantsAndChallenges(db: Executor, now: Date): Promise<void> {
  await db.delete(stepUpGrants).where(lte(stepUpGrants.expiresAt, now));
  await db.delete(mfaChallenges).where(lte(mfaChallenges.expiresAt, now));
  // Sign-ins held at the session limit that nobody completed (session_choices_expires_idx).
  await db.delete(sessionChoices).where(lte(sessionChoices.expiresAt, now));
}

export async function purgeOrgExpiredGrants(db: Executor, orgId: string, now: Date) {
  await db
    .delete(stepUpGrants)
    .where(and(eq(stepUpGrants.orgId, orgId), lte(stepUpGrants.expiresAt, now)));
}

/** node-postgres reports `rowCount`, PGlite `affectedRows`. */
function affectedRows(result: unknown): number {
  if (result && typeof result === 'object') {
    if ('rowCount' in result && typeof result.rowCount === 'number') return result.rowCount;
    if ('affectedRows' in result && typeof result.affectedRows === 'number')
      return result.affectedRows;
  }
  return 0;
}

export const DEAD_KINDS = Object.keys(DEAD_BY) as DeadKind[];
