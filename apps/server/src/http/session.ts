import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../config.js';
import {
  type AuthContext,
  authenticateToken,
  slidIdleExpiry,
  touchSession,
} from '../core/sessions.js';
import { csrfTokenFor, safeEqual } from '../core/tokens.js';
import type { AppDeps } from '../deps.js';
import { clearSessionCookie, sessionCookieName } from './cookies.js';
import { AppError, unauthenticated } from './errors.js';

export const SESSION_IDLE_EXPIRES_HEADER = 'X-Session-Idle-Expires-At';
export const SESSION_ABSOLUTE_EXPIRES_HEADER = 'X-Session-Absolute-Expires-At';

/** Last-seen is written at most this often per session. */
export const TOUCH_INTERVAL_MS = 60_000;

const cookieJar = z.record(z.string(), z.unknown());

export function sessionTokenFrom(req: Request, config: AppConfig): string | undefined {
  const cookies = cookieJar.safeParse(req.cookies);
  const token = cookies.success ? cookies.data[sessionCookieName(config)] : undefined;
  return typeof token === 'string' && token.length > 0 && token.length <= 128 ? token : undefined;
}

/** Resolves the request's session or throws 401 with the reason (and clears a dead cookie). */
export async function authenticate(
  req: Request,
  res: Response,
  deps: AppDeps,
  now: Date,
): Promise<AuthContext> {
  const token = sessionTokenFrom(req, deps.config);
  if (!token) throw unauthenticated('no_session');
  const lookup = await authenticateToken(deps.db, deps.sessionCache, token, now);
  if (!lookup.ok) {
    clearSessionCookie(res, deps.config);
    throw unauthenticated(lookup.reason);
  }
  const { session } = lookup.auth;
  const touching = now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS;
  // The expiry toast's source of truth: when this session ends if nothing else happens.
  const idleExpiresAt = touching
    ? slidIdleExpiry(now, session.idleMinutes, session.absoluteExpiresAt)
    : session.idleExpiresAt;
  res.setHeader(SESSION_IDLE_EXPIRES_HEADER, idleExpiresAt.toISOString());
  res.setHeader(SESSION_ABSOLUTE_EXPIRES_HEADER, session.absoluteExpiresAt.toISOString());
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
}

/** Cookie-authenticated writes must echo the CSRF token bound to their session. */
export function requireCsrf(req: Request, auth: AuthContext, config: AppConfig): void {
  const sent = req.get('x-csrf-token');
  if (!sent || !safeEqual(sent, csrfTokenFor(config.appSecret, auth.session.id))) {
    throw new AppError('CSRF_FAILED', 'Missing or invalid CSRF token');
  }
}
