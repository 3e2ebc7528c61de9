import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { calls } from './api/calls';
import { configureClient } from './api/client';
import { Toaster } from './components/ui/toast';
import { skewFrom } from './features/session-expiry/expiry';
import { StepUpModal } from './features/step-up/StepUpModal';
import { applyStoredTheme } from './lib/theme';
import { router } from './router';
import { useAuth } from './stores/auth';
import { useSessionExpiry } from './stores/session-expiry';
import { useStepUp } from './stores/step-up';
import './index.css';

applyStoredTheme();

configureClient({
  csrfToken: () => useAuth.getState().me?.csrfToken ?? null,
  // The signed-in routes' guard sends the user to /login?reason=… with the banner.
  onUnauthenticated: (reason) => useAuth.getState().signedOut(reason),
  onStepUpRequired: (challenge) => useStepUp.getState().request(challenge),
  onSessionTimes: ({ idleExpiresAt, absoluteExpiresAt, serverDate }) =>
    useSessionExpiry
      .getState()
      .update({ idleExpiresAt, absoluteExpiresAt, skewMs: skewFrom(serverDate, Date.now()) }),
});

// A session that ended takes its expiry and dismissal with it.
useAuth.subscribe((state, previous) => {
  if (state.status === 'signed-out' && previous.status !== 'signed-out')
    useSessionExpiry.getState().clear();
});

calls.me().then(
  (me) => useAuth.getState().signedIn(me),
  () => useAuth.getState().signedOut(),
);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <RouterProvider router={router} />
      <StepUpModal />
      <Toaster />
    </StrictMode>,
  );
}
