import {
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  EmbeddedJWK,
  errors,
  importJWK,
  type JWK,
  jwtVerify,
} from 'jose';
import type { DbscPublicKey } from '../../db/schema/index.js';

/**
 * The DBSC wire format (W3C WebAppSec draft, as Chrome sends it): header names, the proof JWT,
 * the session instructions. No HTTP and no storage here (decision 025).
 */
export const REGISTER_PATH = '/api/auth/dbsc/register';
export const REFRESH_PATH = '/api/auth/dbsc/refresh';
export const REGISTRATION_HEADER = 'Secure-Session-Registration';
export const CHALLENGE_HEADER = 'Secure-Session-Challenge';
/** Request headers, as Node names them. */
export const RESPONSE_HEADER = 'secure-session-response';
export const SESSION_ID_HEADER = 'sec-secure-session-id';
export const BOUND_COOKIE = '__Host-gh_bound';

const PROOF_TYPE = 'dbsc+jwt';
const ALGORITHMS = ['ES256', 'RS256'] as const;
type Algorithm = (typeof ALGORITHMS)[number];

/** A structured-field string may hold printable ASCII but `"` and `\`: ours are base64url and dots. */
const SF_STRING_SAFE = /^[A-Za-z0-9._~-]{1,512}$/;

/** `Secure-Session-Registration: (ES256 RS256);path="…";challenge="…"` */
export function registrationHeader(challenge: string): string {
  if (!SF_STRING_SAFE.test(challenge)) throw new Error('challenge is not header-safe');
  return `(${ALGORITHMS.join(' ')});path="${REGISTER_PATH}";challenge="${challenge}"`;
}

/** `Secure-Session-Challenge: "<nonce>";id="<session id>"` */
export function challengeHeader(challenge: string, sessionId: string): string {
  if (!SF_STRING_SAFE.test(challenge) || !SF_STRING_SAFE.test(sessionId))
    throw new Error('challenge is not header-safe');
  return `"${challenge}";id="${sessionId}"`;
}

/** The answer to a registration or a refresh: which session, where to refresh, which cookie. */
export function sessionInstructions(input: {
  sessionId: string;
  origin: string;
  cookieAttributes: string;
}) {
  return {
    session_identifier: input.sessionId,
    refresh_url: REFRESH_PATH,
    scope: {
      origin: input.origin,
      include_site: false,
      // The refresh endpoint needs no bound cookie: it is how the browser gets one.
      scope_specification: [
        { type: 'exclude', domain: new URL(input.origin).hostname, path: REFRESH_PATH },
      ],
    },
    credentials: [{ type: 'cookie', name: BOUND_COOKIE, attributes: input.cookieAttributes }],
  };
}

/** What ends the browser's session: it stops refreshing and drops the key. */
export const TERMINATE = { continue: false } as const;

export type ProofFailure =
  | 'malformed'
  | 'wrong_type'
  | 'unsupported_algorithm'
  | 'missing_key'
  | 'bad_signature'
  | 'key_in_refresh';

export class ProofError extends Error {
  constructor(readonly reason: ProofFailure) {
    super(`DBSC proof refused: ${reason}`);
  }
}

export interface RegistrationProof {
  jti: string;
  algorithm: Algorithm;
  publicKey: DbscPublicKey;
}

function headerOf(jwt: string) {
  try {
    return decodeProtectedHeader(jwt);
  } catch {
    throw new ProofError('malformed');
  }
}

function algorithmOf(header: { alg?: string | undefined; typ?: string | undefined }): Algorithm {
  if (header.typ !== PROOF_TYPE) throw new ProofError('wrong_type');
  const alg = ALGORITHMS.find((a) => a === header.alg);
  if (!alg) throw new ProofError('unsupported_algorithm');
  return alg;
}

/** Only the public members of the browser's key are kept (a private `d` is never stored). */
function publicMembers(jwk: JWK): DbscPublicKey {
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && jwk.x && jwk.y)
    return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  if (jwk.kty === 'RSA' && jwk.n && jwk.e) return { kty: 'RSA', n: jwk.n, e: jwk.e };
  throw new ProofError('missing_key');
}

function keyMatchesAlgorithm(key: DbscPublicKey, alg: Algorithm): boolean {
  return (alg === 'ES256' && key.kty === 'EC') || (alg === 'RS256' && key.kty === 'RSA');
}

function claimsFailure(err: unknown): never {
  if (err instanceof ProofError) throw err;
  if (err instanceof errors.JOSEError) {
    throw new ProofError(
      err instanceof errors.JWSSignatureVerificationFailed ? 'bad_signature' : 'malformed',
    );
  }
  throw err;
}

/**
 * A registration's `Secure-Session-Response`: signed by the key in its own header (`jwk`), which
 * becomes the session's key. The challenge (`jti`) is checked by the caller.
 */
export async function verifyRegistration(jwt: string, now: Date): Promise<RegistrationProof> {
  const header = headerOf(jwt);
  const algorithm = algorithmOf(header);
  if (!header.jwk) throw new ProofError('missing_key');
  const publicKey = publicMembers(header.jwk);
  if (!keyMatchesAlgorithm(publicKey, algorithm)) throw new ProofError('unsupported_algorithm');
  try {
    const { payload } = await jwtVerify(jwt, EmbeddedJWK, {
      algorithms: [algorithm],
      typ: PROOF_TYPE,
      currentDate: now,
    });
    if (typeof payload.jti !== 'string') throw new ProofError('malformed');
    return { jti: payload.jti, algorithm, publicKey };
  } catch (err: unknown) {
    claimsFailure(err);
  }
}

/** The challenge a proof answers, unverified: only to tell which challenge it claims to answer. */
export function claimedChallenge(jwt: string): string | undefined {
  try {
    const { jti } = decodeJwt(jwt);
    return typeof jti === 'string' ? jti : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A refresh's proof: signed by the session's stored key, answering `challenge`. A proof that
 * names the right challenge but is signed by another key is `bad_signature` (someone holds the
 * cookie, not the key).
 */
export async function verifyRefresh(
  jwt: string,
  stored: DbscPublicKey,
  now: Date,
): Promise<{ jti: string }> {
  const header = headerOf(jwt);
  const algorithm = algorithmOf(header);
  if (!keyMatchesAlgorithm(stored, algorithm)) throw new ProofError('bad_signature');
  if (header.jwk) {
    // Chrome sends no key on refresh; one that differs from the stored key is another device's.
    const [sent, ours] = await Promise.all([
      calculateJwkThumbprint(header.jwk).catch(() => ''),
      calculateJwkThumbprint(stored as JWK),
    ]);
    if (sent !== ours) throw new ProofError('bad_signature');
  }
  try {
    const key = await importJWK(stored as JWK, algorithm);
    const { payload } = await jwtVerify(jwt, key, {
      algorithms: [algorithm],
      typ: PROOF_TYPE,
      currentDate: now,
    });
    if (typeof payload.jti !== 'string') throw new ProofError('malformed');
    return { jti: payload.jti };
  } catch (err: unknown) {
    claimsFailure(err);
  }
}
