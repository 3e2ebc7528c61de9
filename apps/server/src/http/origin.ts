import type { RequestHandler } from 'express';
import type { AppConfig } from '../config.js';
import { AppError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses every state-changing request whose Origin is not the app's own, sign-in and sign-up
 * included (no login CSRF). A missing Origin is refused too: browsers always send it on POST.
 */
export function requireSameOrigin(config: AppConfig): RequestHandler {
  const expected = config.appUrl.origin;
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (req.get('origin') !== expected) {
      return next(new AppError('CSRF_FAILED', 'Cross-origin request refused'));
    }
    next();
  };
}
