import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import express, {
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  Router,
} from 'express';
import helmet from 'helmet';
import { ACCEPT_CH } from './core/device.js';
import type { AppDeps } from './deps.js';
import { activityRoutes } from './features/activity/index.js';
import { adminRoutes } from './features/admin/index.js';
import { authRoutes } from './features/auth/index.js';
import { documentRoutes, mountPublicShares } from './features/documents/index.js';
import { checkImpersonation, impersonationRoutes } from './features/impersonation/index.js';
import { mountHealth, openApiDocument } from './features/meta/index.js';
import { orgSecurityRoutes } from './features/org-security/index.js';
import { secondFactorRoutes } from './features/second-factor/index.js';
import { sessionAuthenticator, sessionRoutes } from './features/sessions/index.js';
import { requireStepUp, stepUpRoutes } from './features/step-up/index.js';
import { teamRoutes } from './features/team/index.js';
import { parseCookies } from './http/client-info.js';
import { AppError, apiNotFound, errorHandler } from './http/errors.js';
import { requireSameOrigin } from './http/origin.js';
import { requestLog } from './http/request-log.js';
import type { Route, RouteKit } from './http/route.js';
import { serveSpa } from './http/spa.js';

export const JSON_BODY_LIMIT = '100kb';
const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Every capability's routes: deleting a feature is deleting its folder and its line here. */
export function apiRoutes(deps: AppDeps): Route[] {
  return [
    ...authRoutes(deps),
    ...sessionRoutes(deps),
    ...stepUpRoutes(deps),
    ...activityRoutes(deps),
    ...secondFactorRoutes(deps),
    ...teamRoutes(deps),
    ...adminRoutes(deps),
    ...impersonationRoutes(deps),
    ...orgSecurityRoutes(deps),
    ...documentRoutes(deps),
  ];
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

/**
 * Helmet's headers (CSP, frame and referrer policies…) plus Accept-CH, which asks browsers for UA
 * Client Hints so reduced User-Agents still name the platform. None depends on the request, so
 * helmet runs once, here, and each answer gets the list instead of a dozen middlewares.
 */
function securityHeaders(https: boolean): [string, string][] {
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: https,
  });
  const recorder = new HeaderRecorder(new IncomingMessage(new Socket()));
  let failure: unknown;
  middleware(recorder.req, recorder, (err?: unknown) => {
    failure = err;
  });
  if (failure !== undefined) throw failure;
  return [...recorder.headers, ['Accept-CH', ACCEPT_CH]];
}

/** A response that only notes the headers set on it, to run helmet once at start. */
class HeaderRecorder extends ServerResponse {
  readonly headers = new Map<string, string>();
  override setHeader(name: string, value: number | string | readonly string[]): this {
    this.headers.set(name, String(value));
    return this;
  }
}

/**
 * `req.cookies`, parsed on first read (most requests never read it) and kept beside the request:
 * by then Express has re-prototyped the request, and V8 gives each property added to such an
 * object a new hidden class, microseconds apiece. Parsed by `cookie` (parseCookies).
 */
function lazyCookies(request: object): void {
  const parsed = new WeakMap<object, unknown>();
  Object.defineProperty(request, 'cookies', {
    configurable: true,
    enumerable: true,
    get(this: { headers: { cookie?: string } }): unknown {
      let jar = parsed.get(this);
      if (jar === undefined) {
        jar = parseCookies(this.headers.cookie);
        parsed.set(this, jar);
      }
      return jar;
    },
    set(this: object, jar: unknown) {
      parsed.set(this, jar);
    },
  });
}

/**
 * The API's routes that a request can reach without walking the router, by method and full
 * path: a path without parameters that no earlier route would match too (Express takes the
 * first match). Anything else — parameters, HEAD, other letter case, a trailing slash — takes
 * the router, as before.
 */
function exactRoutes(chains: [Route, RequestHandler[]][]): Map<string, RequestHandler[]> {
  const exact = new Map<string, RequestHandler[]>();
  chains.forEach(([{ def }, chain], index) => {
    if (def.path.includes(':') || def.path === '/openapi.json') return;
    const shadowed = chains
      .slice(0, index)
      .some(
        ([earlier]) => earlier.def.method === def.method && couldMatch(earlier.def.path, def.path),
      );
    if (!shadowed) exact.set(`${def.method.toUpperCase()} /api${def.path}`, chain);
  });
  return exact;
}

/** Whether a route pattern could match a plain path; a pattern beyond `:param`s is assumed to. */
function couldMatch(pattern: string, path: string): boolean {
  if (/[*?(){}]/.test(pattern)) return true;
  const wanted = pattern.toLowerCase().split('/');
  const given = path.toLowerCase().split('/');
  return (
    wanted.length === given.length &&
    wanted.every((segment, i) => segment.startsWith(':') || segment === given[i])
  );
}

/** A route's handlers in order, as the router runs them: an error or a rejection goes to `done`. */
function runChain(
  chain: readonly RequestHandler[],
  req: Request,
  res: Response,
  done: NextFunction,
  index = 0,
): void {
  const handler = chain[index];
  if (!handler) {
    done();
    return;
  }
  const next: NextFunction =
    index + 1 === chain.length
      ? done
      : (err?: unknown) => (err ? done(err) : runChain(chain, req, res, done, index + 1));
  try {
    const returned: unknown = handler(req, res, next);
    if (returned instanceof Promise)
      returned.catch((e: unknown) => done(e ?? new Error('Rejected promise')));
  } catch (e: unknown) {
    done(e);
  }
}

/** Builds the whole app from its dependencies: no listening, no globals. */
export function createApp(deps: AppDeps, options: { extraRoutes?: Route[] } = {}): Express {
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
    authenticate: sessionAuthenticator(deps),
    requireStepUp,
    invalidationsHeard: (payloads) => deps.sessionCache.whenHeard(payloads),
    checkImpersonation,
  };
  const api = Router();
  const sameOrigin = requireSameOrigin(config);
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
  const exact = exactRoutes(chains);
  app.use((req, res, next) => {
    const chain = exact.get(`${req.method} ${req.path}`);
    if (!chain) return next();
    prelude(req, res, (err?: unknown) => (err ? next(err) : runChain(chain, req, res, next)));
  });
  app.use('/api', api);

  mountPublicShares(app, deps);
  serveSpa(app, config.webDist ?? DEFAULT_WEB_DIST);
  app.use(errorHandler(deps.logger));
  return app;
}
