import { hashKey, type QueryClient } from '@tanstack/react-query';
import { meQuery } from '../api/auth';
import { ApiError } from '../api/errors';
import { useAuth } from '../stores/auth';
import { useSessionExpiry } from '../stores/session-expiry';

/**
 * The auth store mirrors the `me` query: whatever fetches or refreshes `me` (boot, sign-in, a
 * factor enrolled) signs the store in with it. Signing out empties every cache, so the next
 * person on this browser never sees the previous one's data, even for a frame.
 */
export function connectAuthStore(client: QueryClient): () => void {
  const meHash = hashKey(meQuery.queryKey);
  const unsubscribeCache = client.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.query.queryHash !== meHash) return;
    const me = client.getQueryData(meQuery.queryKey);
    if (me && me !== useAuth.getState().me) useAuth.getState().signedIn(me);
  });
  const unsubscribeAuth = useAuth.subscribe((state, previous) => {
    if (state.status === 'signed-out' && previous.status !== 'signed-out') {
      client.clear();
      useSessionExpiry.getState().clear();
    }
  });
  return () => {
    unsubscribeCache();
    unsubscribeAuth();
  };
}

/** The first look at the session cookie, at start-up. */
export function probeSession(client: QueryClient): void {
  client
    .fetchQuery(meQuery)
    .catch((err: unknown) =>
      useAuth
        .getState()
        .signedOut(err instanceof ApiError && err.code === 'IP_BLOCKED' ? 'ip_blocked' : undefined),
    );
}
