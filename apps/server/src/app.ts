import { fileURLToPath } from 'node:url';
import express, { type Express, type RequestHandler, Router } from 'express';
import { alertReactions } from './alerts/reactions.js';
import { alertRoutes } from './alerts/routes.js';
import type { AppDeps } from './deps.js';
import { activityFeature } from './features/activity/index.js';
import { adminFeature } from './features/admin/index.js';
import { apiTokensFeature } from './features/api-tokens/index.js';
import { auditLogFeature } from './features/audit-log/index.js';
import { authFeature } from './features/auth/index.js';
import { dbscFeature } from './features/dbsc/index.js';
import { documentsFeature } from './features/documents/index.js';
import { impersonationFeature } from './features/impersonation/index.js';
import { ipRulesFeature } from './features/ip-rules/index.js';
import { orgSecurityFeature } from './features/org-security/index.js';
import { passkeysFeature } from './features/passkeys/index.js';
import { passwordResetFeature } from './features/password-reset/index.js';
import { secondFactorFeature } from './features/second-factor/index.js';
import { sessionsFeature } from './features/sessions/index.js';
import { stepUpFeature } from './features/step-up/index.js';
import { teamFeature } from './features/team/index.js';
import { thisWasntMeFeature } from './features/this-wasnt-me/index.js';
import { deviceBoundAuthenticator } from './http/dbsc/enforce.js';
import { AppError, apiNotFound, errorHandler } from './http/errors.js';
import { exactRoutes, runChain } from './http/fast-path.js';
import type { Feature } from './http/feature.js';
import { mountHealth } from './http/health.js';
import { lazyCookies } from './http/lazy-cookies.js';
import { openApiDocument } from './http/openapi.js';
import { requireSameOrigin } from './http/origin.js';
import { Reactions } from './http/reactions.js';
import { recordingOriginRefusals } from './http/refusals.js';
import { requestLog } from './http/request-log.js';
import type { Route, RouteKit } from './http/route.js';
import { securityHeaders } from './http/security-headers.js';
import { serveSpa } from './http/spa.js';
import {
  requireStepUp,
  sessionAuthenticator,
  sessionOfCookie,
  tokenAuthenticator,
} from './identity/index.js';
import { devMailRoutes } from './mail/routes.js';
import { networkChecker } from './network/index.js';

export const JSON_BODY_LIMIT = '100kb';
const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Every capability, one entry each: deleting a feature is deleting its folder, its import and
 * its entry here (`pnpm check:features` does it for each one; decision 019). The alerts, audit
 * and mail layers' own pages are entries too, in the order their routes always had.
 */
export const FEATURES: readonly Feature[] = [
  authFeature,
  passwordResetFeature,
  sessionsFeature,
  stepUpFeature,
  activityFeature,
  secondFactorFeature,
  passkeysFeature,
  dbscFeature,
  teamFeature,
  adminFeature,
  { routes: alertRoutes, reactions: alertReactions },
  thisWasntMeFeature,
  impersonationFeature,
  orgSecurityFeature,
  ipRulesFeature,
  documentsFeature,
  apiTokensFeature,
  auditLogFeature,
  { routes: devMailRoutes },
];

export function apiRoutes(deps: AppDeps): Route[] {
  return FEATURES.flatMap((feature) => feature.routes(deps));
}

/**
 * The dependencies with every capability's reactions (decision 019): the route runner, jobs and
 * background work run them on the audit events of a change, before it commits.
 */
export function withReactions(deps: AppDeps): AppDeps {
  if (deps.reactions) return deps;
  return { ...deps, reactions: new Reactions(FEATURES.flatMap((f) => f.reactions ?? [])) };
}

/** Express's trust-proxy accepts booleans, hop counts and address lists; the env gives a string. */
function trustProxyValue(setting: string): boolean | number | string {
  if (setting === 'true' || setting === 'false') return setting === 'true';
  return /^\d+$/.test(setting) ? Number(setting) : setting;
}

/** A known path with a method it does not take: 405 JSON with `Allow` (not a 404). */
function methodNotAllowed(routes: Route[]): Map<string, RequestHandler> {
  const methods = new Map<string, Set<string>>();
  for (const { def } of routes) {
    const allowed = methods.get(def.path) ?? new Set<string>();
    allowed.add(def.method.toUpperCase());
    if (def.method === 'get') allowed.add('HEAD');
    methods.set(def.path, allowed);
  }
  return new Map(
    [...methods].map(([path, allowed]) => {
      const allow = [...allowed].join(', ');
      const handler: RequestHandler = (req, _res, next) =>
        next(
          new AppError(
            'METHOD_NOT_ALLOWED',
            `${req.method} is not allowed here`,
            { allow },
            {
              Allow: allow,
            },
          ),
        );
      return [path, handler];
    }),
  );
}

/** Each payload is waited for on its own listener: sessions' or IP rules'. */
async function invalidationsHeard(deps: AppDeps, payloads: readonly string[]): Promise<void> {
  const rules = payloads.filter((p) => deps.networkPolicies.owns(p));
  if (rules.length === 0) return deps.sessionCache.whenHeard(payloads);
  const others = payloads.filter((p) => !deps.networkPolicies.owns(p));
  await Promise.all([
    deps.networkPolicies.whenHeard(rules),
    others.length > 0 ? deps.sessionCache.whenHeard(others) : undefined,
  ]);
}

/** Builds the whole app from its dependencies: no listening, no globals. */
export function createApp(given: AppDeps, options: { extraRoutes?: Route[] } = {}): Express {
  const deps = withReactions(given);
  const { config } = deps;
  const app = express();
  app.disable('x-powered-by');
  // API answers are no-store, so a per-response ETag hash would be work for nothing.
  app.set('etag', false);
  app.set('trust proxy', trustProxyValue(config.trustProxy));
  lazyCookies(app.request);
  const headers = securityHeaders(config.appUrl.protocol === 'https:');
  app.use((_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  });
  app.use(requestLog(deps.logger));
  mountHealth(app, deps);

  const routes = [...apiRoutes(deps), ...(options.extraRoutes ?? [])];
  const kit: RouteKit = {
    jsonBody: express.json({ limit: JSON_BODY_LIMIT }),
    authenticate: deviceBoundAuthenticator(deps, sessionAuthenticator(deps)),
    authenticateToken: tokenAuthenticator(deps),
    requireStepUp,
    invalidationsHeard: (payloads) => invalidationsHeard(deps, payloads),
    caughtUp: deps.caughtUp ?? (() => undefined),
    // The IP rules first: a blocked address learns nothing more (decision 010).
    checks: [networkChecker(deps), ...FEATURES.flatMap((f) => f.checks?.(deps) ?? [])],
  };
  const api = Router();
  const sameOrigin = recordingOriginRefusals(
    deps,
    requireSameOrigin(config),
    sessionOfCookie(deps),
  );
  // One layer for what every API answer needs: each router layer is a step of every request.
  const prelude: RequestHandler = (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    sameOrigin(req, res, next);
  };
  api.use(prelude);
  const document = openApiDocument(routes, '/api');
  api.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  const chains = routes.map((route): [Route, RequestHandler[]] => [
    route,
    route.handlers(deps, kit),
  ]);
  for (const [{ def }, chain] of chains) api[def.method](def.path, ...chain);
  for (const [path, handler] of methodNotAllowed(routes)) api.all(path, handler);
  api.use(apiNotFound);
  // The browser's DBSC endpoints: no CSRF token, no Origin check (their proof is signed).
  for (const feature of FEATURES) feature.mountFirst?.(app, deps);
  const exact = exactRoutes(chains);
  app.use((req, res, next) => {
    const chain = exact.get(`${req.method} ${req.path}`);
    if (!chain) return next();
    prelude(req, res, (err?: unknown) => (err ? next(err) : runChain(chain, req, res, next)));
  });
  app.use('/api', api);

  for (const feature of FEATURES) feature.mount?.(app, deps);
  serveSpa(app, config.webDist ?? DEFAULT_WEB_DIST);
  app.use(errorHandler(deps.logger));
  return app;
}
