import { meResponseSchema, PASSIVE_SESSION_CHECK, SESSION_CHECK_HEADER } from '@gatehouse/shared';
import { useEffect } from 'react';
import { api } from '../api/client';
import { ApiError } from '../api/errors';
import { useAuth } from '../stores/auth';

/** How often an open, visible tab asks whether its session still lives. */
export const SESSION_CHECK_INTERVAL_MS = 10_000;

/**
 * One cheap look at the session. A 401 reaches the client's hook, which signs the tab out with
 * the server's reason; a network the org's rules now block does the same; anything else (offline,
 * a server restarting) waits for the next look.
 */
export async function checkSession(): Promise<void> {
  try {
    // Passive: asking is not activity, so an unattended tab never keeps an idle session alive.
    await api.get('/api/auth/me', meResponseSchema, {
      headers: { [SESSION_CHECK_HEADER]: PASSIVE_SESSION_CHECK },
    });
  } catch (error: unknown) {
    if (error instanceof ApiError && error.code === 'IP_BLOCKED')
      useAuth.getState().signedOut('ip_blocked');
  }
}

/**
 * A revoked or forced-out tab lands on the sign-in page within seconds, not at its next click:
 * it looks when the window gets focus or comes back into view, and every few seconds while it
 * is visible (a hidden tab asks nothing, and looks as soon as it is shown again). Not during a
 * support session: every request of one is counted as a page the admin viewed, and its end is
 * met by the next request anyway.
 */
export function useSessionWatch(enabled: boolean, check: () => Promise<void> = checkSession): void {
  useEffect(() => {
    if (!enabled) return;
    // One look at a time: a slow answer (or timers catching up) never stacks requests.
    let looking = false;
    const look = () => {
      if (looking || document.visibilityState !== 'visible') return;
      looking = true;
      void check().finally(() => {
        looking = false;
      });
    };
    const timer = setInterval(look, SESSION_CHECK_INTERVAL_MS);
    window.addEventListener('focus', look);
    document.addEventListener('visibilitychange', look);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', look);
      document.removeEventListener('visibilitychange', look);
    };
  }, [enabled, check]);
}
