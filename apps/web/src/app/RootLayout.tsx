import { useEffect } from 'react';
import { Outlet, useMatches } from 'react-router';
import { Toaster } from '../components/ui/toast';
import { StepUpModal } from '../features/step-up/StepUpModal';
import { documentTitle } from './title';

/** Around every page: its title, the step-up dialog any request may open, and the toasts. */
export function RootLayout() {
  const title = documentTitle(useMatches().map((match) => match.handle));
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <>
      <Outlet />
      <StepUpModal />
      <Toaster />
    </>
  );
}
