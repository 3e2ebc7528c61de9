import type { RequestHandler } from 'express';
import type { AppConfig } from '../config.js';
import { sessionCookieName } from './cookies.js';
import { AppError } from './errors.js';
import { bearerOf, hasSessionCookie } from './principal.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses every state-changing request whose Origin is not the app's own, sign-in and sign-up
 * included (no login CSRF). A missing Origin is refused too: browsers always send it on POST.
 * A bearer-token request with no session cookie is exempt: a browser never adds the header by
 * itself, so a cross-site page cannot forge one (scripts and CLIs send no Origin).
 */
export function requireSameOrigin(config: AppConfig): RequestHandler {
  const expected = config.appUrl.origin;
  const cookieName = sessionCookieName(config);
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (bearerOf(req) && !hasSessionCookie(req, cookieName)) return next();
    if (req.get('origin') !== expected) {
      return next(new AppError('CSRF_FAILED', 'Cross-origin request refused'));
    }
    next();
  };
}
