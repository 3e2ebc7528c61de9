import type { Express, Request, RequestHandler, Response } from 'express';
import type { AppDeps } from '../../deps.js';
import { parseCookies } from '../../http/client-info.js';
import { returnCookieName, sessionCookieName, tokenCookie } from '../../http/cookies.js';
import {
  BOUND_COOKIE,
  CHALLENGE_HEADER,
  challengeHeader,
  REFRESH_PATH,
  REGISTER_PATH,
  RESPONSE_HEADER,
  SESSION_ID_HEADER,
  sessionInstructions,
  TERMINATE,
} from '../../http/dbsc/protocol.js';
import { boundCookieValue } from '../../http/dbsc/tokens.js';
import { AppError, unauthenticated } from '../../http/errors.js';
import { refusedOrigin } from '../../http/refusals.js';
import { refresh, register } from './service.js';

const BOUND_COOKIE_ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Lax';
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A proof is a compact JWS: a few hundred characters (an RSA key makes it longer). */
const MAX_PROOF_LENGTH = 8192;

function proofOf(req: Request): string | undefined {
  const value = req.headers[RESPONSE_HEADER];
  if (typeof value !== 'string' || value.length === 0) return undefined;
  if (value.length > MAX_PROOF_LENGTH) throw new AppError('BAD_REQUEST', 'Proof too long');
  return value;
}

/**
 * The browser's own endpoints (decision 025), outside the /api router: the browser sends no
 * CSRF token and may send no Origin. Both carry a proof signed by the device's key, and the
 * session cookie (SameSite=Lax: never on another site's POST).
 */
export function mountDbsc(app: Express, deps: AppDeps): void {
  const { config, keys } = deps;
  const sessionCookie = sessionCookieName(config);
  const returnCookie = returnCookieName(config);
  const giveBoundCookie = (res: Response, sessionId: string, now: Date) => {
    res.cookie(
      BOUND_COOKIE,
      boundCookieValue(keys.dbsc, sessionId, now, config.dbscCookieSeconds),
      {
        httpOnly: true,
        secure: true,
        sameSite: 'lax',
        path: '/',
        maxAge: config.dbscCookieSeconds * 1000,
      },
    );
  };
  const instructions = (sessionId: string) =>
    sessionInstructions({
      sessionId,
      origin: config.appUrl.origin,
      cookieAttributes: BOUND_COOKIE_ATTRIBUTES,
    });

  const registerHandler: RequestHandler = async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const now = deps.clock.now();
    const outcome = await register(deps, {
      token: tokenCookie(parseCookies(req.headers.cookie), sessionCookie),
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
    giveBoundCookie(res, outcome.session.id, now);
    res.status(200).json(instructions(outcome.session.id));
  };

  const refreshHandler: RequestHandler = async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const now = deps.clock.now();
    const sessionId = req.headers[SESSION_ID_HEADER];
    if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId))
      throw new AppError('BAD_REQUEST', `${SESSION_ID_HEADER} must name a session`);
    const jar = parseCookies(req.headers.cookie);
    const tokens = [tokenCookie(jar, sessionCookie), tokenCookie(jar, returnCookie)].filter(
      (t): t is string => t !== undefined,
    );
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
        giveBoundCookie(res, outcome.session.id, now);
        res.status(200).json(instructions(outcome.session.id));
    }
  };

  app.post(REGISTER_PATH, registerHandler);
  app.post(REFRESH_PATH, refreshHandler);
}
