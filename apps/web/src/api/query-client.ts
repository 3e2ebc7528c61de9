import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './errors';

/** Lists stay fresh this long; a mutation refreshes what it changed at once anyway. */
export const QUERY_STALE_MS = 10_000;
const MAX_QUERY_RETRIES = 2;
/** Bad gateway, unavailable (database down, DESIGN §7), gateway timeout. */
const TRANSIENT_STATUSES = new Set([502, 503, 504]);

/**
 * Only a failure that may pass by itself is worth another try: no connection, or the server
 * (or a proxy) having a moment. A 4xx will say the same thing again.
 */
export function isTransient(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_QUERY_RETRIES || !(error instanceof ApiError)) return false;
  return error.code === 'NETWORK' || TRANSIENT_STATUSES.has(error.status);
}

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: {
      /** Data anyone may load (a signed-out page's): it survives a sign-out's emptying. */
      anonymous?: boolean;
    };
  }
}

/** Spread into an anonymous page's query options (the dev mailbox, a reset link's check). */
export const ANONYMOUS_QUERY = { meta: { anonymous: true } } as const;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: QUERY_STALE_MS, retry: isTransient },
      // A write is never repeated behind the user's back.
      mutations: { retry: false },
    },
  });
}
