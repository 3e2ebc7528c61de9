import type { ApiTokenScope } from '@gatehouse/shared';
import type { Request } from 'express';
import type { AuthContext } from './auth-context.js';
import { parseCookies } from './client-info.js';
import { tokenCookie } from './cookies.js';
import { forbidden } from './errors.js';

/** An API token acting for its org: no user, no session, only its scopes. */
export interface TokenAuth {
  kind: 'token';
  tokenId: string;
  orgId: string;
  scopes: readonly ApiTokenScope[];
  /** The same shape as a session's org, so an org-wide use case reads `auth.org.id` for both. */
  org: { id: string };
}

/** Who a request acts as: a signed-in session or an API token. */
export type Principal = AuthContext | TokenAuth;

export function isTokenAuth(auth: Principal | undefined): auth is TokenAuth {
  return auth !== undefined && 'tokenId' in auth;
}

/** The session of a principal, when it is one (step-up, CSRF, impersonation need it). */
export function sessionOf(auth: Principal | undefined): AuthContext | undefined {
  return auth === undefined || isTokenAuth(auth) ? undefined : auth;
}

/** The secret of `Authorization: Bearer <token>`, or undefined without one. */
export function bearerOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined || !/^bearer\b/i.test(header)) return undefined;
  return /^bearer +(\S+) *$/i.exec(header)?.[1] ?? '';
}

export function hasSessionCookie(req: Request, cookieName: string): boolean {
  return (
    req.headers.cookie !== undefined &&
    tokenCookie(parseCookies(req.headers.cookie), cookieName) !== undefined
  );
}

/**
 * Which credential a route takes from this request. A bearer token never reaches a browser
 * (session-only) route, a cookie never a token-only route, and a request carrying both is
 * refused rather than guessed at.
 */
export function credentialFor(
  access: 'session' | 'token' | 'session-or-token',
  req: Request,
  cookieName: string,
): 'session' | 'token' {
  const bearer = bearerOf(req) !== undefined;
  // Checked first and without reading cookies: nearly every request is a browser's.
  if (access === 'session') {
    if (bearer) throw forbidden('API tokens are not accepted on this route');
    return 'session';
  }
  const cookie = hasSessionCookie(req, cookieName);
  if (bearer && cookie) throw forbidden('Send a bearer token or a session cookie, not both');
  if (access === 'token') {
    if (cookie) throw forbidden('This route takes an API token, not a session cookie');
    return 'token';
  }
  return bearer ? 'token' : 'session';
}
