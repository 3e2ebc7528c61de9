import { create } from 'zustand';
import type { SessionTimes } from '../lib/session-expiry';

interface SessionExpiryState {
  times: SessionTimes | null;
  /** The warning the user closed; it stays closed until the expiry moves. */
  dismissedKey: string | null;
  update(times: SessionTimes): void;
  dismiss(key: string): void;
  clear(): void;
}

/** When the current session ends, as the server last said (client state only). */
export const useSessionExpiry = create<SessionExpiryState>((set) => ({
  times: null,
  dismissedKey: null,
  update: (times) => set({ times }),
  dismiss: (key) => set({ dismissedKey: key }),
  clear: () => set({ times: null, dismissedKey: null }),
}));
