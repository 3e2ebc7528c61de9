import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Route } from './route.js';

/**
 * The API's routes that a request can reach without walking the router, by method and full
 * path: a path without parameters that no earlier route would match too (Express takes the
 * first match). Anything else — parameters, HEAD, other letter case, a trailing slash — takes
 * the router, as before.
 */
export function exactRoutes(chains: [Route, RequestHandler[]][]): Map<string, RequestHandler[]> {
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
export function runChain(
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
