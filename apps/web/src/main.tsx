import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { configureClient } from './api/client';
import { createQueryClient } from './api/query-client';
import { connectAuthStore, probeSession } from './app/auth-sync';
import { router } from './app/router';
import { returnFromSupportSession } from './app/support-session';
import { skewFrom } from './lib/session-expiry';
import { applyStoredTheme } from './lib/theme';
import { useAuth } from './stores/auth';
import { useSessionExpiry } from './stores/session-expiry';
import { useStepUp } from './stores/step-up';
import './index.css';

applyStoredTheme();

const queryClient = createQueryClient();

configureClient({
  csrfToken: () => useAuth.getState().me?.csrfToken ?? null,
  // The signed-in routes' guard sends the user to /login?reason=… with the banner. The first 401
  // says why; requests still in flight (or refetched as the caches empty) would only say
  // "no_session" and must not replace it. A support session's end returns to the admin's own.
  onUnauthenticated: (reason, extra) => {
    const { status, me } = useAuth.getState();
    if (status === 'signed-out') return;
    if (me?.impersonation)
      return returnFromSupportSession(queryClient, (path) => void router.navigate(path), reason);
    useAuth.getState().signedOut(reason, extra);
  },
  onStepUpRequired: (challenge) => useStepUp.getState().request(challenge),
  onSessionTimes: ({ idleExpiresAt, absoluteExpiresAt, serverDate }) =>
    useSessionExpiry
      .getState()
      .update({ idleExpiresAt, absoluteExpiresAt, skewMs: skewFrom(serverDate, Date.now()) }),
});

connectAuthStore(queryClient);
probeSession(queryClient);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
}
