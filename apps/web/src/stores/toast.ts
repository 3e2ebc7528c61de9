import { create } from 'zustand';

export type ToastTone = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
}

/** How long a toast stays up before it dismisses itself. */
export const TOAST_DURATION_MS = 5_000;
/** Older toasts give way so the stack never covers the page. */
export const MAX_TOASTS = 3;

interface ToastState {
  toasts: Toast[];
  show(message: string, tone?: ToastTone): number;
  dismiss(id: number): void;
}

let nextId = 1;

/** Short-lived notices; the app decides when to show one (the API client never does). */
export const useToasts = create<ToastState>((set) => ({
  toasts: [],
  show: (message, tone = 'info') => {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts, { id, tone, message }].slice(-MAX_TOASTS) }));
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

/** Shorthand for callers outside React. */
export function toast(message: string, tone: ToastTone = 'info'): number {
  return useToasts.getState().show(message, tone);
}
