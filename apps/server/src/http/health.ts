import type { Router } from 'express';
import type { AppDeps } from '../deps.js';

const READY_TIMEOUT_MS = 2_000;

/** Liveness and readiness probes, outside /api so that they never need a session. */
export function mountHealth(router: Router, deps: AppDeps): void {
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('database ping timed out')), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([deps.ping(), timeout]);
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ error: 'UNAVAILABLE', message: 'The database does not answer' });
    } finally {
      clearTimeout(timer);
    }
  });
}
