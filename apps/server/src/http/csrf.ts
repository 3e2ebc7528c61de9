import type { Request } from 'express';
import type { Keys } from '../core/keys.js';
import type { AuthContext } from './auth-context.js';
import { AppError } from './errors.js';

/** Cookie-authenticated writes must echo the CSRF token bound to their session. */
export function requireCsrf(req: Request, auth: AuthContext, keys: Keys): void {
  const sent = req.get('x-csrf-token');
  if (!sent || !keys.csrf.verify(auth.session.id, sent)) {
    throw new AppError('CSRF_FAILED', 'Missing or invalid CSRF token');
  }
}

/** The CSRF token of a session: an HMAC of its id, so nothing extra is stored. */
export function csrfTokenFor(keys: Keys, sessionId: string): string {
  return keys.csrf.sign(sessionId);
}
