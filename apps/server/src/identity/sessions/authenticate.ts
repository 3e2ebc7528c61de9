import { hash } from 'node:crypto';
import {
  PASSIVE_SESSION_CHECK,
  permissionsOf,
  SESSION_CHECK_HEADER,
  type UnauthenticatedReason,
} from '@gatehouse/shared';
import type { Request, Response } from 'express';
import { hashToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import type { SessionRow, UserRow } from '../../db/rows.js';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/auth-context.js';
import { parseCookies } from '../../http/client-info.js';
import { clearSessionCookie, sessionCookieName, tokenCookie } from '../../http/cookies.js';
import { unauthenticated } from '../../http/errors.js';
import type { SessionStore } from '../../http/session-store.js';
import { sessionByTokenHash } from './queries.js';
import { slidIdleExpiry, touchSession } from './service.js';

export const SESSION_IDLE_EXPIRES_HEADER = 'X-Session-Idle-Expires-At';
export const SESSION_ABSOLUTE_EXPIRES_HEADER = 'X-Session-Absolute-Expires-At';

/** Last-seen is written at most this often per session. */
export const TOUCH_INTERVAL_MS = 60_000;

export type SessionLookup =
  | { ok: true; auth: AuthContext }
  /** `note`: what the administrator who forced the user out wrote, when they wrote something;
   * `replacedBy`: the device whose sign-in took the place of a session the limit ended. */
  | { ok: false; reason: UnauthenticatedReason; note?: string; replacedBy?: string | null };

/** Revocations whose reason the signed-out browser is told (its sign-in page says why). */
const REVOKED_BECAUSE = new Map<string | null, UnauthenticatedReason>([
  // An administrator ended the whole account's access.
  ['forced_logout', 'forced_logout'],
  ['user_disabled', 'forced_logout'],
  ['role_changed', 'forced_logout'],
  ['password_changed', 'password_changed'],
  ['password_reset', 'password_changed'],
  // A sign-in elsewhere went over the limit: "because you signed in on <device>".
  ['session_limit', 'session_limit'],
]);

export function sessionProblem(
  session: SessionRow,
  user: UserRow,
  now: Date,
): UnauthenticatedReason | null {
  if (session.revokedAt) return REVOKED_BECAUSE.get(session.revokeReason) ?? 'session_revoked';
  if (user.disabledAt) return 'session_revoked';
  if (session.sessionVersion !== user.sessionVersion) return 'session_invalidated';
  if (session.idleExpiresAt <= now || session.absoluteExpiresAt <= now) return 'session_expired';
  return null;
}

type TokenLookup = SessionLookup & { cacheKey: string };

/**
 * Resolves a cookie token to its session, user and org, and checks every rule (DESIGN §4). A
 * cached session is answered at once, without a promise: that is nearly every request.
 */
export function authenticateToken(
  db: Executor,
  cache: SessionStore,
  token: string,
  now: Date,
): TokenLookup | Promise<TokenLookup> {
  // The digest hashToken stores, in one call: this runs on every request.
  const cacheKey = hash('sha256', token, 'base64');
  const cached = cache.get(cacheKey, now.getTime());
  return cached ? checked(cached, cacheKey, now) : fromDatabase(db, cache, token, cacheKey, now);
}

async function fromDatabase(
  db: Executor,
  cache: SessionStore,
  token: string,
  cacheKey: string,
  now: Date,
): Promise<TokenLookup> {
  const epoch = cache.currentEpoch;
  const row = await sessionByTokenHash(db, hashToken(token));
  if (!row) return { ok: false, reason: 'no_session', cacheKey };
  const auth = { ...row, permissions: permissionsOf(row.user.role) };
  if (!sessionProblem(row.session, row.user, now)) cache.set(cacheKey, auth, now.getTime(), epoch);
  return checked(auth, cacheKey, now);
}

function checked(auth: AuthContext, cacheKey: string, now: Date): TokenLookup {
  const reason = sessionProblem(auth.session, auth.user, now);
  if (!reason) return { ok: true, auth, cacheKey };
  if (reason === 'session_limit')
    return { ok: false, reason, replacedBy: auth.session.replacedByDevice, cacheKey };
  const note = reason === 'forced_logout' ? auth.session.revokeNote : null;
  return note ? { ok: false, reason, note, cacheKey } : { ok: false, reason, cacheKey };
}

/** A session's expiry instants as headers; a cached session answers many requests with the same. */
const isoStrings = new WeakMap<Date, string>();
function iso(date: Date): string {
  let text = isoStrings.get(date);
  if (text === undefined) {
    text = date.toISOString();
    isoStrings.set(date, text);
  }
  return text;
}

/** Node's name for the header: one property read on the hot path. */
const SESSION_CHECK = SESSION_CHECK_HEADER.toLowerCase();

/** The route runner's authenticator: the request's session, or 401 with the reason. */
export function sessionAuthenticator(deps: AppDeps) {
  const cookieName = sessionCookieName(deps.config);
  const admit = (res: Response, lookup: TokenLookup, now: Date, passive: boolean): AuthContext => {
    if (!lookup.ok) {
      clearSessionCookie(res, deps.config);
      throw unauthenticated(lookup.reason, { note: lookup.note, device: lookup.replacedBy });
    }
    const { session } = lookup.auth;
    // A tab's passive check is not activity: it must not keep an idle session alive.
    const touching = !passive && now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS;
    // The expiry toast's source of truth: when this session ends if nothing else happens.
    const idleExpiresAt = touching
      ? slidIdleExpiry(now, session.idleMinutes, session.absoluteExpiresAt)
      : session.idleExpiresAt;
    res.setHeader(SESSION_IDLE_EXPIRES_HEADER, iso(idleExpiresAt));
    res.setHeader(SESSION_ABSOLUTE_EXPIRES_HEADER, iso(session.absoluteExpiresAt));
    if (touching && !deps.sessionCache.touching.has(session.id)) {
      // Off the response path: a failed touch must never fail the request.
      deps.sessionCache.touching.add(session.id);
      deps.background.run('session touch', async () => {
        try {
          deps.sessionCache.update(lookup.cacheKey, await touchSession(deps.db, session, now));
        } finally {
          deps.sessionCache.touching.delete(session.id);
        }
      });
    }
    return lookup.auth;
  };
  return (req: Request, res: Response, now: Date): AuthContext | Promise<AuthContext> => {
    // The header itself rather than req.cookies: one cookie is wanted, and nothing else reads them.
    const token = tokenCookie(parseCookies(req.headers.cookie), cookieName);
    if (!token) throw unauthenticated('no_session');
    const lookup = authenticateToken(deps.db, deps.sessionCache, token, now);
    const passive = req.headers[SESSION_CHECK] === PASSIVE_SESSION_CHECK;
    return lookup instanceof Promise
      ? lookup.then((found) => admit(res, found, now, passive))
      : admit(res, lookup, now, passive);
  };
}

/**
 * Whose live session a request's cookie is, without touching it or answering for it: for
 * recording a refused request (a stolen cookie sent cross-site) under its user and org.
 */
export function sessionOfCookie(deps: AppDeps) {
  const cookieName = sessionCookieName(deps.config);
  return async (req: Request, now: Date): Promise<AuthContext | undefined> => {
    const token = tokenCookie(parseCookies(req.headers.cookie), cookieName);
    if (!token) return undefined;
    const lookup = await authenticateToken(deps.db, deps.sessionCache, token, now);
    return lookup.ok ? lookup.auth : undefined;
  };
}
