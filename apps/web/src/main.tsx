import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { calls } from './api/calls';
import { configureClient } from './api/client';
import { Toaster } from './components/ui/toast';
import { StepUpModal } from './features/step-up/StepUpModal';
import { applyStoredTheme } from './lib/theme';
import { router } from './router';
import { useAuth } from './stores/auth';
import { useStepUp } from './stores/step-up';
import './index.css';

applyStoredTheme();

configureClient({
  csrfToken: () => useAuth.getState().me?.csrfToken ?? null,
  // The signed-in routes' guard sends the user to /login?reason=… with the banner.
  onUnauthenticated: (reason) => useAuth.getState().signedOut(reason),
  onStepUpRequired: (challenge) => useStepUp.getState().request(challenge),
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
