import { Clock, X } from 'lucide-react';
import { useNavigate } from 'react-router';
import { useRefreshSession, useSignOut } from '../../api/auth';
import { Button } from '../../components/ui/button';
import { expiryWarning, minutesLeft } from '../../lib/session-expiry';
import { useNow } from '../../lib/use-now';
import { paths } from '../../paths';
import { useAuth } from '../../stores/auth';
import { useSessionExpiry } from '../../stores/session-expiry';

/**
 * Five minutes before the session ends: idle → "Stay signed in" (refresh slides the window),
 * absolute → "Sign in now" (nothing can extend it). Dismissed, it stays away for that expiry.
 */
export function ExpiryToast() {
  const now = useNow();
  const times = useSessionExpiry((s) => s.times);
  const dismissedKey = useSessionExpiry((s) => s.dismissedKey);
  const dismiss = useSessionExpiry((s) => s.dismiss);
  const signedOut = useAuth((s) => s.signedOut);
  const navigate = useNavigate();
  // The refresh answer's expiry headers move the warning away through the client hook.
  const refresh = useRefreshSession();
  const signOut = useSignOut();
  const warning = times ? expiryWarning(now, times) : null;
  if (!warning || warning.key === dismissedKey) return null;

  function signInNow() {
    signOut.mutate(undefined, {
      onSettled: () => {
        signedOut();
        navigate(paths.login, { replace: true });
      },
    });
  }

  const left = minutesLeft(warning.msLeft);
  return (
    <section
      aria-label="Session expiry"
      className="fixed inset-x-4 bottom-4 z-30 mx-auto flex max-w-md items-start gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950 shadow-lg dark:border-amber-900 dark:bg-amber-950 dark:text-amber-50"
    >
      <Clock className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
      <div className="flex-1 space-y-2">
        <p role="status">
          {warning.kind === 'idle'
            ? `You will be signed out in ${left} because of inactivity.`
            : `Your session ends in ${left}; sign in again to keep working.`}
        </p>
        {warning.kind === 'idle' ? (
          <Button size="sm" onClick={() => refresh.mutate()} disabled={refresh.isPending}>
            Stay signed in
          </Button>
        ) : (
          <a
            href={paths.login}
            className="font-medium text-indigo-700 underline underline-offset-4 dark:text-indigo-300"
            onClick={(event) => {
              event.preventDefault();
              signInNow();
            }}
          >
            Sign in now
          </a>
        )}
      </div>
      <button
        type="button"
        aria-label="Dismiss"
        className="rounded-sm opacity-70 hover:opacity-100"
        onClick={() => dismiss(warning.key)}
      >
        <X className="h-4 w-4" aria-hidden />
      </button>
    </section>
  );
}
