import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps.js';
import { BOUND_COOKIE, RESPONSE_HEADER, sessionInstructions } from '../../http/dbsc/protocol.js';
import { boundCookieValue } from '../../http/dbsc/tokens.js';
import { AppError } from '../../http/errors.js';

/** What the register and refresh answers share: the proof they read, the cookie they give. */

const BOUND_COOKIE_ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Lax';
/** A proof is a compact JWS: a few hundred characters (an RSA key makes it longer). */
const MAX_PROOF_LENGTH = 8192;

export function proofOf(req: Request): string | undefined {
  const value = req.headers[RESPONSE_HEADER];
  if (typeof value !== 'string' || value.length === 0) return undefined;
  if (value.length > MAX_PROOF_LENGTH) throw new AppError('BAD_REQUEST', 'Proof too long');
  return value;
}

/** The short-lived cookie a bound session's requests carry, and the instructions to renew it. */
export function answerBound(
  res: Response,
  { config, keys }: Pick<AppDeps, 'config' | 'keys'>,
  sessionId: string,
  now: Date,
): void {
  res.cookie(BOUND_COOKIE, boundCookieValue(keys.dbsc, sessionId, now, config.dbscCookieSeconds), {
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    path: '/',
    maxAge: config.dbscCookieSeconds * 1000,
  });
  res.status(200).json(
    sessionInstructions({
      sessionId,
      origin: config.appUrl.origin,
      cookieAttributes: BOUND_COOKIE_ATTRIBUTES,
    }),
  );
}
