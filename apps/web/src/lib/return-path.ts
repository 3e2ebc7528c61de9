import { safeNextPath } from './redirect';

/** Where an admin was when they started impersonating, for the way back (per browser tab). */
const RETURN_PATH_KEY = 'gatehouse.impersonation.return-path';

type PathStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** sessionStorage when there is one (a private window may refuse it: then no memory). */
function tabStorage(): PathStorage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** Remembers the page an admin leaves to impersonate someone; it survives a reload of the tab. */
export function rememberReturnPath(path: string, storage = tabStorage()): void {
  try {
    storage?.setItem(RETURN_PATH_KEY, path);
  } catch {
    // A full or refused storage only costs the way back to the same page.
  }
}

/** The remembered page (once; then forgotten), kept on this origin, or `fallback`. */
export function takeReturnPath(fallback: string, origin: string, storage = tabStorage()): string {
  let path: string | null = null;
  try {
    path = storage?.getItem(RETURN_PATH_KEY) ?? null;
    storage?.removeItem(RETURN_PATH_KEY);
  } catch {
    path = null;
  }
  return path ? safeNextPath(path, origin) : fallback;
}
