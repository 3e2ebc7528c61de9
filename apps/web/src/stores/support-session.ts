import { create } from 'zustand';

interface SupportSessionEndState {
  /** Whose support session just ended here; its banner's place shows so until the next page. */
  endedFor: string | null;
  ended(name: string): void;
  clear(): void;
}

/**
 * The end of a support session, said where its banner was: the banner's place stays taken, so
 * the pointer that clicked "Exit impersonation" does not land on "Sign out" (client state only).
 */
export const useSupportSessionEnd = create<SupportSessionEndState>((set) => ({
  endedFor: null,
  ended: (name) => set({ endedFor: name }),
  clear: () => set({ endedFor: null }),
}));
