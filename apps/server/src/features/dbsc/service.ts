import type { AuditOrigin } from '../../audit/index.js';
import { hashToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import { collectingNotifications } from '../../db/notify.js';
import type { OrgRow, SessionRow, UserRow } from '../../db/rows.js';
import type { AppDeps } from '../../deps.js';
import {
  claimedChallenge,
  ProofError,
  verifyRefresh,
  verifyRegistration,
} from '../../http/dbsc/protocol.js';
import {
  bindKey,
  consumeChallenge,
  markAttempted,
  sessionWithUser,
  storeChallenge,
} from '../../http/dbsc/queries.js';
import {
  REFRESH_CHALLENGE_SECONDS,
  refreshChallenge,
  registrationChallengeProblem,
} from '../../http/dbsc/tokens.js';
import { runJob } from '../../http/job.js';
import { recordRefusalIn, type refusedOrigin } from '../../http/refusals.js';
import { auditChainOf } from '../../http/route-steps.js';
import { notifySessionsChanged, revokeSession, sessionProblem } from '../../identity/index.js';

/** One transaction; answers once this instance heard the cache invalidations it sent (decision 007). */
async function committed<T>(deps: AppDeps, work: (db: Executor) => Promise<T>): Promise<T> {
  return heard(deps, () => deps.db.transaction(work));
}

async function heard<T>(deps: AppDeps, transaction: () => Promise<T>): Promise<T> {
  const [result, sent] = await collectingNotifications(transaction);
  if (sent.length > 0) await deps.sessionCache.whenHeard(sent);
  return result;
}

/** Where a DBSC request came from, as the audit log records it. */
export type DbscOrigin = ReturnType<typeof refusedOrigin>;

interface Found {
  session: SessionRow;
  user: UserRow;
  org: OrgRow;
}

/** The revoke reason of a session whose refresh was signed by another key. */
export const KEY_MISMATCH_REASON = 'dbsc_key_mismatch';

/**
 * The session's own events run as a job (`runJob`: one transaction, its reactions, its rows
 * appended by the runner), by the session's user, from the request's address and place.
 */
function asJob<T>(
  deps: AppDeps,
  origin: DbscOrigin,
  found: Found,
  now: Date,
  work: Parameters<typeof runJob<T, DbscAction>>[3],
): Promise<T> {
  const by: AuditOrigin = {
    orgId: found.org.id,
    actorUserId: found.user.id,
    realUserId: null,
    actorTokenId: null,
    ip: origin.ip,
    userAgent: origin.userAgent,
  };
  return heard(deps, () =>
    runJob<T, DbscAction>(deps, by, now, (db, audit) => {
      audit.set({
        targetType: 'session',
        targetId: found.session.id,
        country: origin.country,
        city: origin.city,
      });
      return work(db, audit);
    }),
  );
}

type DbscAction = 'DBSC_REGISTERED' | 'DBSC_SESSION_ENDED' | 'DBSC_KEY_MISMATCH';

/** A refused DBSC step, recorded once per window (decision 013): never the proof itself. */
async function refused(
  deps: AppDeps,
  db: Executor,
  origin: DbscOrigin,
  found: Found,
  action: 'DBSC_REGISTERED' | 'DBSC_REFRESH_FAILED',
  reason: string,
  now: Date,
) {
  await recordRefusalIn(
    db,
    {
      action,
      reason,
      orgId: found.org.id,
      targetType: 'session',
      targetId: found.session.id,
      metadata: { sessionId: found.session.id },
    },
    { ...origin, orgId: found.org.id, actorUserId: found.user.id, realUserId: null },
    now,
    auditChainOf(deps),
  );
}

export type RegisterOutcome =
  | { kind: 'bound'; session: SessionRow }
  | { kind: 'no_session' }
  | { kind: 'refused'; reason: string; status: 400 | 409 };

/**
 * POST /api/auth/dbsc/register: the session of the cookie, the proof signed by the key in its
 * header, answering the challenge its sign-in answer offered. The key is stored once; a second
 * registration of the same session is refused (malware holding the cookie cannot re-bind it).
 */
export async function register(
  deps: AppDeps,
  input: { token: string | undefined; proof: string | undefined; origin: DbscOrigin; now: Date },
): Promise<RegisterOutcome> {
  const { now, origin } = input;
  const found = input.token ? await sessionWithUser(deps.db, hashToken(input.token)) : undefined;
  if (!found || sessionProblem(found.session, found.user, now)) return { kind: 'no_session' };
  const refuse = async (reason: string, status: 400 | 409 = 400): Promise<RegisterOutcome> => {
    await committed(deps, async (db) => {
      await markAttempted(db, found.session.id, now);
      await notifySessionsChanged(db, [found.session.id]);
      await refused(deps, db, origin, found, 'DBSC_REGISTERED', reason, now);
    });
    return { kind: 'refused', reason, status };
  };
  if (!input.proof) return refuse('proof_missing');
  let proof: Awaited<ReturnType<typeof verifyRegistration>>;
  try {
    proof = await verifyRegistration(input.proof, now);
  } catch (err: unknown) {
    if (err instanceof ProofError) return refuse(err.reason);
    throw err;
  }
  const problem = registrationChallengeProblem(deps.keys.dbsc, proof.jti, found.session.id, now);
  if (problem) return refuse(problem);
  const bound = await asJob(deps, origin, found, now, async (db, audit) => {
    const session = await bindKey(db, found.session.id, proof.publicKey, now);
    if (!session) return { result: undefined };
    await notifySessionsChanged(db, [session.id]);
    audit.set({ metadata: { sessionId: session.id, algorithm: proof.algorithm } });
    return { result: session, action: 'DBSC_REGISTERED' as const };
  });
  if (!bound) return refuse('already_bound', 409);
  return { kind: 'bound', session: bound };
}

export type RefreshOutcome =
  | { kind: 'renewed'; session: SessionRow }
  | { kind: 'challenge'; challenge: string; sessionId: string }
  | { kind: 'terminate' }
  | { kind: 'refused'; reason: string };

/** The session a refresh is for: the session cookie's, or the one an administrator's support session keeps aside. */
async function refreshTarget(deps: AppDeps, tokens: readonly string[], sessionId: string) {
  for (const token of tokens) {
    const found = await sessionWithUser(deps.db, hashToken(token));
    if (found?.session.id === sessionId) return found;
  }
  return undefined;
}

/**
 * POST /api/auth/dbsc/refresh: without a proof, a fresh challenge (403); with one, the signature
 * by the stored key over the live challenge, used once. A session that ended is told to stop
 * (`{"continue": false}`); a proof of the live challenge signed by another key ends the session
 * and alerts the user: the cookie was copied, not the key.
 */
export async function refresh(
  deps: AppDeps,
  input: {
    tokens: readonly string[];
    sessionId: string;
    proof: string | undefined;
    origin: DbscOrigin;
    now: Date;
  },
): Promise<RefreshOutcome> {
  const { now, origin } = input;
  const found = await refreshTarget(deps, input.tokens, input.sessionId);
  if (!found) return { kind: 'terminate' };
  const { session } = found;
  const problem =
    sessionProblem(session, found.user, now) ?? (session.dbscPublicKey ? null : 'not_bound');
  if (problem) {
    await asJob(deps, origin, found, now, async (_db, audit) => {
      audit.set({ metadata: { sessionId: session.id, reason: problem } });
      return { result: undefined, action: 'DBSC_SESSION_ENDED' as const };
    });
    return { kind: 'terminate' };
  }
  const storedKey = session.dbscPublicKey;
  if (!storedKey) return { kind: 'terminate' };
  const challengeAnew = async (): Promise<RefreshOutcome> => {
    const challenge = refreshChallenge();
    const expires = new Date(now.getTime() + REFRESH_CHALLENGE_SECONDS * 1000);
    await storeChallenge(deps.db, session.id, challenge, expires);
    return { kind: 'challenge', challenge, sessionId: session.id };
  };
  if (!input.proof) return challengeAnew();
  const refuse = async (reason: string) => {
    await committed(deps, (db) =>
      refused(deps, db, origin, found, 'DBSC_REFRESH_FAILED', reason, now),
    );
  };
  let jti: string;
  try {
    ({ jti } = await verifyRefresh(input.proof, storedKey, now));
  } catch (err: unknown) {
    if (!(err instanceof ProofError)) throw err;
    if (err.reason === 'bad_signature' && answersLiveChallenge(input.proof, session, now))
      return endCopiedSession(deps, found, origin, now);
    await refuse(err.reason);
    return { kind: 'refused', reason: err.reason };
  }
  if (!(await consumeChallenge(deps.db, session.id, jti, now))) {
    const expired =
      session.dbscChallenge === jti &&
      session.dbscChallengeExpiresAt !== null &&
      session.dbscChallengeExpiresAt <= now;
    await refuse(expired ? 'challenge_expired' : 'challenge_unknown');
    // A new challenge: a browser that was slow signs again; a replay gains nothing.
    return challengeAnew();
  }
  return { kind: 'renewed', session };
}

/** Whether a proof names this session's outstanding challenge: only someone we challenged can. */
function answersLiveChallenge(proof: string, session: SessionRow, now: Date): boolean {
  const jti = claimedChallenge(proof);
  return (
    jti !== undefined &&
    jti === session.dbscChallenge &&
    session.dbscChallengeExpiresAt !== null &&
    session.dbscChallengeExpiresAt > now
  );
}

async function endCopiedSession(
  deps: AppDeps,
  found: Found,
  origin: DbscOrigin,
  now: Date,
): Promise<RefreshOutcome> {
  // The user is alerted by the event's reaction (`reactions.ts`).
  await asJob(deps, origin, found, now, async (db, audit) => {
    await consumeChallenge(db, found.session.id, found.session.dbscChallenge ?? '', now);
    await revokeSession(db, found.session.id, {
      reason: KEY_MISMATCH_REASON,
      revokedBy: null,
      now,
    });
    audit.set({
      metadata: { sessionId: found.session.id, device: found.session.device?.label ?? null },
    });
    return { result: undefined, action: 'DBSC_KEY_MISMATCH' as const };
  });
  return { kind: 'terminate' };
}
