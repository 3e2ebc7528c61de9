import { cva } from 'class-variance-authority';
import { X } from 'lucide-react';
import { useEffect } from 'react';
import { cn } from '../../lib/cn';
import { TOAST_DURATION_MS, type Toast, useToasts } from '../../stores/toast';

const toastVariants = cva(
  'pointer-events-auto flex items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-lg',
  {
    variants: {
      tone: {
        info: 'border-slate-200 bg-white text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100',
        success:
          'border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-100',
        error:
          'border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100',
      },
    },
  },
);

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useToasts((s) => s.dismiss);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), TOAST_DURATION_MS);
    return () => clearTimeout(timer);
  }, [dismiss, toast.id]);
  return (
    <li className={toastVariants({ tone: toast.tone })}>
      <p className="flex-1">{toast.message}</p>
      <button
        type="button"
        aria-label="Dismiss notification"
        className="rounded-sm opacity-70 hover:opacity-100"
        onClick={() => dismiss(toast.id)}
      >
        <X className="h-4 w-4" aria-hidden />
      </button>
    </li>
  );
}

/**
 * The live region for toasts. Deliberately a labelled region rather than role=status, so the
 * page's own status banners stay the only "status" on screen.
 */
export function Toaster({ className }: { className?: string }) {
  const toasts = useToasts((s) => s.toasts);
  return (
    <section
      aria-label="Notifications"
      aria-live="polite"
      className={cn(
        'pointer-events-none fixed inset-x-0 bottom-0 z-[60] flex justify-center p-4 sm:inset-x-auto sm:right-0',
        className,
      )}
    >
      <ol className="flex w-full max-w-sm flex-col gap-2">
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} />
        ))}
      </ol>
    </section>
  );
}
