import { parseCookies } from './client-info.js';

/**
 * `req.cookies`, parsed on first read (most requests never read it) and kept beside the request:
 * by then Express has re-prototyped the request, and V8 gives each property added to such an
 * object a new hidden class, microseconds apiece. Parsed by `cookie` (parseCookies).
 */
export function lazyCookies(request: object): void {
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
