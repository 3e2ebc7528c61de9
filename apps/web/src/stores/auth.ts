import type { MeResponse } from '@gatehouse/shared';
import { create } from 'zustand';

type Status = 'loading' | 'signed-in' | 'signed-out';

interface AuthState {
  status: Status;
  me: MeResponse | null;
  /** Why the session ended, when the server said (shown as a banner on the login page). */
  reason: string | null;
  /** What the administrator who forced the user out wrote, from the server's 401 (never the URL). */
  note: string | null;
  signedIn(me: MeResponse): void;
  signedOut(reason?: string, note?: string): void;
}

/** Who is signed in (client state only: the server is the authority). */
export const useAuth = create<AuthState>((set) => ({
  status: 'loading',
  me: null,
  reason: null,
  note: null,
  signedIn: (me) => set({ status: 'signed-in', me, reason: null, note: null }),
  signedOut: (reason, note) =>
    set({ status: 'signed-out', me: null, reason: reason ?? null, note: note ?? null }),
}));
