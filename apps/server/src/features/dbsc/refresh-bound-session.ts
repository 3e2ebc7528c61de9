import type { RequestHandler } from 'express';
import { hashToken } from '../../core/tokens.js';
import type { SessionRow } from '../../db/rows.js';
import type { AppDeps } from '../../deps.js';
import { parseCookies } from '../../http/client-info.js';
import { returnCookieName, sessionCookieName, tokenCookie } from '../../http/cookies.js';
import {
  CHALLENGE_HEADER,
  challengeHeader,
  claimedChallenge,
  ProofError,
  SESSION_ID_HEADER,
  TERMINATE,
  verifyRefresh,
} from '../../http/dbsc/protocol.js';
import { consumeChallenge, sessionWithUser, storeChallenge } from '../../http/dbsc/queries.js';
import { REFRESH_CHALLENGE_SECONDS, refreshChallenge } from '../../http/dbsc/tokens.js';
import { AppError } from '../../http/errors.js';
import { refusedOrigin } from '../../http/refusals.js';
import { revokeSession, sessionProblem } from '../../identity/index.js';
import { answerBound, proofOf } from './answers.js';
import { asJob, committed, type DbscOrigin, type Found, refused } from './service.js';

/** The revoke reason of a session whose refresh was signed by another key. */
export const KEY_MISMATCH_REASON = 'dbsc_key_mismatch';

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A browser renews the bound cookie of its session (the session cookie's, or the one a support
 * session keeps aside) with a proof signed by the stored key over a live challenge, used once.
 * Without a proof it is challenged (403); a bad proof or a used or expired challenge is 400 (a new
 * challenge for the latter); a session that ended is told to stop; a proof of the live challenge
 * signed by another key ends the session, and the user's alert is a reaction to
 * DBSC_KEY_MISMATCH (`reactions.ts`).
 */
export const refreshBoundSession =
  (deps: AppDeps): RequestHandler =>
  async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const now = deps.clock.now();
    const sessionId = req.headers[SESSION_ID_HEADER];
    if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId))
      throw new AppError('BAD_REQUEST', `${SESSION_ID_HEADER} must name a session`);
    const jar = parseCookies(req.headers.cookie);
    const tokens = [
      tokenCookie(jar, sessionCookieName(deps.config)),
      tokenCookie(jar, returnCookieName(deps.config)),
    ].filter((t): t is string => t !== undefined);
    const outcome = await refresh(deps, {
      tokens,
      sessionId: sessionId.toLowerCase(),
      proof: proofOf(req),
      origin: refusedOrigin(deps, req, undefined),
      now,
    });
    switch (outcome.kind) {
      case 'terminate':
        res.status(200).json(TERMINATE);
        return;
      case 'challenge':
        res.setHeader(CHALLENGE_HEADER, challengeHeader(outcome.challenge, outcome.sessionId));
        res.status(403).json({ error: 'FORBIDDEN', message: 'Sign the challenge' });
        return;
      case 'refused':
        throw new AppError('BAD_REQUEST', 'Refresh refused', { reason: outcome.reason });
      case 'renewed':
        answerBound(res, deps, outcome.session.id, now);
    }
  };

type RefreshOutcome =
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
async function refresh(
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
