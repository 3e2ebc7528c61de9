import { permissionsOf } from '@gatehouse/shared';
import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../auth-context.js';
import { parseCookies } from '../client-info.js';
import { unauthenticated } from '../errors.js';
import { BOUND_COOKIE } from './protocol.js';
import { requiresDeviceBoundAdmins } from './queries.js';
import { isValidBoundCookie } from './tokens.js';

type Authenticate = (req: Request, res: Response, now: Date) => AuthContext | Promise<AuthContext>;

const MEMBER_PERMISSIONS = permissionsOf('member');

/**
 * Requests the page sent before the registration's answer (and its bound cookie) reached the
 * browser: Chrome does not hold requests while it registers, only while it refreshes.
 */
export const BINDING_GRACE_MS = 5_000;

/**
 * The session authenticator with DBSC's two rules (decision 025): a bound session's request
 * needs a valid bound cookie (401 `device_proof_required`); an owner's or admin's session whose
 * browser started a registration that did not bind, in an org that requires bound sessions for
 * them, has a member's permissions until it binds (a fresh sign-in). Sessions that never tried
 * to register are as before.
 */
export function deviceBoundAuthenticator(deps: AppDeps, inner: Authenticate): Authenticate {
  const key = deps.keys.dbsc;
  const check = (
    req: Request,
    auth: AuthContext,
    now: Date,
  ): AuthContext | Promise<AuthContext> => {
    const { session } = auth;
    if (session.dbscBoundAt) {
      if (now.getTime() - session.dbscBoundAt.getTime() < BINDING_GRACE_MS) return auth;
      const value = parseCookies(req.headers.cookie)[BOUND_COOKIE];
      if (!isValidBoundCookie(key, value, session.id, now))
        throw unauthenticated('device_proof_required');
      return auth;
    }
    if (session.dbscAttemptedAt && auth.user.role !== 'member') return restricted(auth);
    return auth;
  };
  const restricted = async (auth: AuthContext): Promise<AuthContext> =>
    (await requiresDeviceBoundAdmins(deps.db, auth.org.id))
      ? { ...auth, permissions: MEMBER_PERMISSIONS }
      : auth;
  return (req, res, now) => {
    const found = inner(req, res, now);
    return found instanceof Promise
      ? found.then((auth) => check(req, auth, now))
      : check(req, found, now);
  };
}
