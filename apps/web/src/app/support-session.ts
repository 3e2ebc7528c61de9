import type { QueryClient } from '@tanstack/react-query';
import { exitImpersonation } from '../api/impersonation';
import { takeReturnPath } from '../lib/return-path';
import { paths } from '../paths';
import { useAuth } from '../stores/auth';
import { useSupportSessionEnd } from '../stores/support-session';
import { toast } from '../stores/toast';

let returning = false;

/**
 * A 401 during a support session: it has ended (60 minutes, or 15 idle), but the admin's own
 * session lives on behind it. Exit puts the admin's cookie back; only if that fails too is the
 * admin signed out. Many requests may fail at once: one exit serves them all.
 */
export function returnFromSupportSession(
  client: QueryClient,
  navigate: (path: string) => void,
  reason: string,
): void {
  if (returning) return;
  returning = true;
  const whose = useAuth.getState().me?.impersonation?.user.name ?? 'this user';
  void exitImpersonation(client)
    .then(() => {
      useSupportSessionEnd.getState().ended(whose);
      toast('The support session ended. You are back in your own account.');
      navigate(takeReturnPath(paths.team, window.location.origin));
    })
    .catch(() => useAuth.getState().signedOut(reason))
    .finally(() => {
      returning = false;
    });
}
