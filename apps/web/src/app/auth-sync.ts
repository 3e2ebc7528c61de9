import { hashKey, type QueryClient } from '@tanstack/react-query';
import { meQuery } from '../api/auth';
import { ApiError } from '../api/errors';
import { useAuth } from '../stores/auth';
import { useSessionExpiry } from '../stores/session-expiry';

/**
 * The auth store mirrors the `me` query: whatever fetches or refreshes `me` (boot, sign-in, a
 * factor enrolled) signs the store in with it. Signing out empties every cache, so the next
 * person on this browser never sees the previous one's data, even for a frame — except
 * anonymous pages' queries: removing one in flight would leave its page loading forever (the
 * start-up probe signs out while /dev/mail is still fetching).
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
      client.removeQueries({ predicate: (query) => query.meta?.anonymous !== true });
      client.getMutationCache().clear();
      useSessionExpiry.getState().clear();
    }
  });
  return () => {
    unsubscribeCache();
    unsubscribeAuth();
  };
}

/**
 * Why the start-up probe found no session, for the sign-in page's banner: the 401's reason (the
 * cookie of a session that was forced out, expired, revoked…), or a network the org's IP rules
 * block. None for a browser that simply has no session.
 */
export function signedOutReason(err: unknown): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.code === 'IP_BLOCKED') return 'ip_blocked';
  if (err.status === 401 && err.reason !== 'no_session') return err.reason;
  return undefined;
}

/** The first look at the session cookie, at start-up (and so on every reload). */
export function probeSession(client: QueryClient): void {
  client
    .fetchQuery(meQuery)
    .catch((err: unknown) =>
      useAuth
        .getState()
        .signedOut(
          signedOutReason(err),
          err instanceof ApiError ? { note: err.note, device: err.replacedBy } : undefined,
        ),
    );
}
