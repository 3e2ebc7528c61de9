import type { RequestHandler } from 'express';
import { hashToken } from '../../core/tokens.js';
import type { SessionRow } from '../../db/rows.js';
import type { AppDeps } from '../../deps.js';
import { parseCookies } from '../../http/client-info.js';
import { sessionCookieName, tokenCookie } from '../../http/cookies.js';
import { ProofError, verifyRegistration } from '../../http/dbsc/protocol.js';
import { bindKey, markAttempted, sessionWithUser } from '../../http/dbsc/queries.js';
import { registrationChallengeProblem } from '../../http/dbsc/tokens.js';
import { AppError, unauthenticated } from '../../http/errors.js';
import { refusedOrigin } from '../../http/refusals.js';
import { notifySessionsChanged, sessionProblem } from '../../identity/index.js';
import { answerBound, proofOf } from './answers.js';
import { asJob, committed, type DbscOrigin, refused } from './service.js';

/**
 * A browser binds its live session (the session cookie's) to a key of its device, with a proof
 * signed by that key over the challenge the sign-in answer offered, and gets the bound cookie.
 * Without a live session 401; a missing or bad proof, or another session's or an expired
 * challenge, 400; a session bound already 409 (malware holding the cookie cannot re-bind it).
 * Each refusal is recorded once per window.
 */
export const registerDeviceKey =
  (deps: AppDeps): RequestHandler =>
  async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const now = deps.clock.now();
    const outcome = await register(deps, {
      token: tokenCookie(parseCookies(req.headers.cookie), sessionCookieName(deps.config)),
      proof: proofOf(req),
      origin: refusedOrigin(deps, req, undefined),
      now,
    });
    if (outcome.kind === 'no_session') throw unauthenticated('no_session');
    if (outcome.kind === 'refused') {
      throw new AppError(
        outcome.status === 409 ? 'CONFLICT' : 'BAD_REQUEST',
        'Registration refused',
        {
          reason: outcome.reason,
        },
      );
    }
    answerBound(res, deps, outcome.session.id, now);
  };

type RegisterOutcome =
  | { kind: 'bound'; session: SessionRow }
  | { kind: 'no_session' }
  | { kind: 'refused'; reason: string; status: 400 | 409 };

/**
 * POST /api/auth/dbsc/register: the session of the cookie, the proof signed by the key in its
 * header, answering the challenge its sign-in answer offered. The key is stored once; a second
 * registration of the same session is refused (malware holding the cookie cannot re-bind it).
 */
async function register(
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
