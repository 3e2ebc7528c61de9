import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { redactPath } from './errors.js';

/**
 * One line per finished request: id, method, path, status, duration. Headers, bodies and query
 * strings (signed URLs) are never logged, and a share link's token is cut from its path.
 */
export function requestLog(logger: Logger): RequestHandler {
  // Its fields are fixed and none can hold a secret, so the line skips the logger's redaction,
  // which walks every path for every line (about 20 µs, on every request of the API).
  const lines = logger.child({}, { redact: [] });
  const prefix = randomBytes(3).toString('hex');
  let counter = 0;
  return (req, res, next) => {
    counter += 1;
    const requestId = `${prefix}-${counter.toString(36)}`;
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    // Read now: by the time the answer is finished a router may have cut its mount path off.
    const path = req.path;
    if (path === '/healthz' || !lines.isLevelEnabled('info')) return next();
    const started = performance.now();
    res.on('finish', () => {
      const ms = performance.now() - started;
      lines.info(
        {
          requestId,
          method: req.method,
          path: redactPath(path),
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
        },
        'request',
      );
    });
    next();
  };
}
