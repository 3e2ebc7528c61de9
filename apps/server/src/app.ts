import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { type Express, Router } from 'express';
import helmet from 'helmet';
import { ACCEPT_CH } from './core/device.js';
import type { AppDeps } from './deps.js';
import { authRoutes } from './features/auth/routes.js';
import { mountPublicShares } from './features/documents/public-share.js';
import { documentRoutes } from './features/documents/routes.js';
import { UPLOAD_JSON_LIMIT } from './features/documents/upload.js';
import { openApiDocument } from './features/meta/openapi.js';
import { mountHealth } from './features/meta/routes.js';
import { mfaRoutes } from './features/mfa/routes.js';
import { orgSecurityRoutes } from './features/org-security/routes.js';
import { sessionRoutes } from './features/sessions/routes.js';
import { stepUpRoutes } from './features/step-up/routes.js';
import { teamRoutes } from './features/team/routes.js';
import { apiNotFound, errorHandler } from './http/errors.js';
import { requireSameOrigin } from './http/origin.js';
import { requestLog } from './http/request-log.js';
import type { Route } from './http/route.js';

export const JSON_BODY_LIMIT = '100kb';
const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export function apiRoutes(deps: AppDeps): Route[] {
  return [
    ...authRoutes(deps),
    ...sessionRoutes(deps),
    ...stepUpRoutes(deps),
    ...mfaRoutes(deps),
    ...teamRoutes(deps),
    ...orgSecurityRoutes(deps),
    ...documentRoutes(deps),
  ];
}

/** Express's trust-proxy accepts booleans, hop counts and address lists; the env gives a string. */
function trustProxyValue(setting: string): boolean | number | string {
  if (setting === 'true' || setting === 'false') return setting === 'true';
  return /^\d+$/.test(setting) ? Number(setting) : setting;
}

/** Builds the whole app from its dependencies: no listening, no globals. */
export function createApp(deps: AppDeps, options: { extraRoutes?: Route[] } = {}): Express {
  const { config } = deps;
  const app = express();
  app.disable('x-powered-by');
  // API answers are no-store, so a per-response ETag hash would be work for nothing.
  app.set('etag', false);
  app.use((_req, res, next) => {
    // Ask browsers for UA Client Hints, so reduced User-Agents still name the platform.
    res.setHeader('Accept-CH', ACCEPT_CH);
    next();
  });
  app.set('trust proxy', trustProxyValue(config.trustProxy));
  const https = config.appUrl.protocol === 'https:';
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'"],
          connectSrc: ["'self'"],
          upgradeInsecureRequests: https ? [] : null,
        },
      },
      strictTransportSecurity: https,
    }),
  );
  app.use(requestLog(deps.logger));
  mountHealth(app, deps);

  const routes = [...apiRoutes(deps), ...(options.extraRoutes ?? [])];
  const api = Router();
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(requireSameOrigin(config));
  const json = express.json({ limit: JSON_BODY_LIMIT });
  // Document uploads may carry 10 MB as base64; every other body stays under 100 kB.
  const uploadJson = express.json({ limit: UPLOAD_JSON_LIMIT });
  api.use((req, res, next) =>
    (req.method === 'POST' && req.path === '/documents' ? uploadJson : json)(req, res, next),
  );
  api.use(cookieParser());
  const document = openApiDocument(routes, '/api');
  api.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  for (const route of routes) route.mount(api, deps);
  api.use(apiNotFound);
  app.use('/api', api);

  mountPublicShares(app, deps);
  serveSpa(app, config.webDist ?? DEFAULT_WEB_DIST);
  app.use(errorHandler(deps.logger));
  return app;
}

/** The built SPA, with history fallback so deep links load index.html. */
function serveSpa(app: Express, dist: string): void {
  const index = path.join(dist, 'index.html');
  app.use(express.static(dist, { index: false, maxAge: '1h' }));
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!existsSync(index)) {
      res.status(404).type('text').send('The web app is not built: run `pnpm build`.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
