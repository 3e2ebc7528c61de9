import { type MouseEvent, type ReactNode, useState } from 'react';
import { ErrorAlert } from './error-alert';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from './ui/alert-dialog';
import { WriteControl } from './write-control';

/**
 * The one confirmation for destructive actions. It stays open while the action runs (a step-up
 * may ask for a password on top of it), closes when it succeeds, and shows why when it fails.
 */
export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  onConfirm,
  children,
}: {
  /** The button that opens it. */
  trigger: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm(): Promise<unknown>;
  /** Fields the confirmation takes (a force logout's reason), between the words and the buttons. */
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  function onOpenChange(next: boolean) {
    if (busy) return;
    setOpen(next);
    setError(null);
  }

  async function confirm(event: MouseEvent<HTMLButtonElement>) {
    // Radix closes on Action; this one closes only once the action has happened.
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setOpen(false);
    } catch (err: unknown) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      {/* Every confirmation here confirms a change: a read-only support session cannot. */}
      <WriteControl>
        <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      </WriteControl>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        {children ? <div className="mt-4">{children}</div> : null}
        <ErrorAlert error={error} className="mt-4" />
        <AlertDialogFooter>
          <AlertDialogCancel disabled={busy}>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={(event) => void confirm(event)} disabled={busy}>
            {confirmLabel}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
