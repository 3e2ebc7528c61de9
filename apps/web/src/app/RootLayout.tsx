import { Outlet } from 'react-router';
import { Toaster } from '../components/ui/toast';
import { StepUpModal } from '../features/step-up/StepUpModal';

/** Around every page: the step-up dialog any request may open, and the toasts. */
export function RootLayout() {
  return (
    <>
      <Outlet />
      <StepUpModal />
      <Toaster />
    </>
  );
}
