import type { ImpersonationDTO } from '@gatehouse/shared';
import { HatGlasses } from 'lucide-react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/errors';
import { useExitImpersonation } from '../../api/impersonation';
import { ErrorAlert } from '../../components/error-alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { takeReturnPath } from '../../lib/return-path';
import { useNow } from '../../lib/use-now';
import { paths } from '../../paths';
import { useAuth } from '../../stores/auth';
import { useSessionExpiry } from '../../stores/session-expiry';
import { useSupportSessionEnd } from '../../stores/support-session';
import { toast } from '../../stores/toast';
import { supportTimeLeft } from './time-left';

/**
 * On every page of a support session: whose account this is, how long is left, and the way back
 * to the admin's own session, on the page they left.
 */
export function ImpersonationBanner({ impersonation }: { impersonation: ImpersonationDTO }) {
  const now = useNow();
  // The server's clock, as the session-expiry warning knows it.
  const skewMs = useSessionExpiry((s) => s.times?.skewMs ?? 0);
  const exit = useExitImpersonation();
  const signedOut = useAuth((s) => s.signedOut);
  const navigate = useNavigate();
  const left = supportTimeLeft(impersonation, now + skewMs);

  async function onExit() {
    try {
      await exit.mutateAsync(undefined);
    } catch (error: unknown) {
      // Neither session is left to go back to.
      if (error instanceof ApiError && error.status === 401)
        signedOut(error.reason ?? 'no_session');
      return;
    }
    useSupportSessionEnd.getState().ended(impersonation.user.name);
    toast(`Support session ended. You are back in your own account.`, 'success');
    void navigate(takeReturnPath(paths.team, window.location.origin));
  }

  return (
    <section
      aria-label="Impersonation"
      className="border-b border-amber-300 bg-amber-100 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50"
    >
      <div className="mx-auto flex min-h-14 max-w-5xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2 text-sm">
        <HatGlasses className="h-5 w-5 shrink-0" aria-hidden />
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-2">
            <strong className="font-semibold">
              You are impersonating {impersonation.user.name}
            </strong>
            <Badge className="bg-amber-200 text-amber-950 dark:bg-amber-900 dark:text-amber-50">
              {impersonation.mode === 'read_only' ? 'Read-only' : 'Full access'}
            </Badge>
            <span>{left === 'ended' ? 'Support session ended' : left}</span>
          </p>
          <p className="truncate text-xs opacity-80" title={impersonation.reason}>
            Reason: {impersonation.reason}
          </p>
        </div>
        <Button size="sm" onClick={() => void onExit()} disabled={exit.isPending}>
          {exit.isPending ? 'Exiting…' : 'Exit impersonation'}
        </Button>
      </div>
      <ErrorAlert
        error={exit.error}
        fallback="Could not exit impersonation"
        className="mx-auto mb-2 max-w-5xl"
      />
    </section>
  );
}
