import * as Tooltip from '@radix-ui/react-tooltip';
import { CheckCircle2, LogOut, ShieldCheck } from 'lucide-react';
import { Outlet, useNavigate } from 'react-router';
import { useSignOut } from '../api/auth';
import { ThemeToggle } from '../components/theme-toggle';
import { Button } from '../components/ui/button';
import { READ_ONLY_SESSION, WriteAccess } from '../components/write-control';
import { ImpersonationBanner } from '../features/impersonation/ImpersonationBanner';
import { ExpiryToast } from '../features/session-expiry/ExpiryToast';
import { browserEmailStore, forgetEmail } from '../lib/last-email';
import { paths } from '../paths';
import { useAuth } from '../stores/auth';
import { useSupportSessionEnd } from '../stores/support-session';
import { MainNav } from './MainNav';
import { useSessionWatch } from './session-watch';

/** Where the impersonation banner was, the same height: its end, said in place. */
function SupportSessionEnded({ name }: { name: string }) {
  return (
    <section
      aria-label="Support session ended"
      className="border-b border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-50"
    >
      <p className="mx-auto flex min-h-14 max-w-5xl items-center gap-3 px-4 py-2 text-sm">
        <CheckCircle2 className="h-5 w-5 shrink-0" aria-hidden />
        Support session for {name} ended. You are back in your own account.
      </p>
    </section>
  );
}

export function AppShell() {
  const me = useAuth((s) => s.me);
  const signedOut = useAuth((s) => s.signedOut);
  const navigate = useNavigate();
  const signOutRequest = useSignOut();
  const endedFor = useSupportSessionEnd((s) => s.endedFor);
  const clearEnded = useSupportSessionEnd((s) => s.clear);
  useSessionWatch(me !== null && me.impersonation === null);
  if (!me) return null;

  function signOut() {
    // Leaving on purpose: the sign-in page no longer offers this email to whoever comes next.
    forgetEmail(browserEmailStore());
    // Signed out here whatever the server says: the worst case is a session that expires alone.
    signOutRequest.mutate(undefined, {
      onSettled: () => {
        signedOut();
        navigate(paths.login, { replace: true });
      },
    });
  }

  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:outline-none focus:ring-2 focus:ring-indigo-500 dark:bg-slate-900 dark:text-indigo-300"
      >
        Skip to content
      </a>
      {me.impersonation ? (
        <ImpersonationBanner impersonation={me.impersonation} />
      ) : endedFor ? (
        <SupportSessionEnded name={endedFor} />
      ) : null}
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-5xl items-center gap-3 px-4 py-3">
          <ShieldCheck className="h-6 w-6 text-indigo-600 dark:text-indigo-400" aria-hidden />
          <span className="font-semibold tracking-tight">Gatehouse</span>
          <span className="min-w-0 truncate border-l border-slate-200 pl-3 text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400">
            {me.org.name}
          </span>
          <div className="ml-auto flex items-center gap-1">
            <span className="hidden text-sm text-slate-600 md:inline dark:text-slate-300">
              {me.user.name}
            </span>
            <ThemeToggle />
            {/* During a support session the way out is the banner's "Exit impersonation". */}
            {me.impersonation ? null : (
              <Button
                variant="ghost"
                size="sm"
                onClick={signOut}
                disabled={signOutRequest.isPending}
              >
                <LogOut className="h-4 w-4" aria-hidden />
                {/* Icon-only on phones; the text stays as the accessible name. */}
                <span className="sr-only sm:not-sr-only">Sign out</span>
              </Button>
            )}
          </div>
        </div>
        <MainNav permissions={me.user.permissions} onNavigate={clearEnded} />
      </header>
      {/* Another session (impersonation started or ended) is another person: pages start afresh. */}
      <WriteAccess.Provider
        value={me.impersonation?.mode === 'read_only' ? READ_ONLY_SESSION : null}
      >
        <Tooltip.Provider delayDuration={200}>
          <main
            id="main"
            tabIndex={-1}
            key={me.session.id}
            className="mx-auto max-w-5xl px-4 py-6 focus:outline-none sm:py-8"
          >
            <Outlet />
          </main>
        </Tooltip.Provider>
      </WriteAccess.Provider>
      <ExpiryToast />
    </div>
  );
}
