import type { MeResponse } from '@gatehouse/shared';
import { create } from 'zustand';

type Status = 'loading' | 'signed-in' | 'signed-out';

interface AuthState {
  status: Status;
  me: MeResponse | null;
  /** Why the session ended, when the server said (shown as a banner on the login page). */
  reason: string | null;
  /** `session_limit`: the device whose sign-in took this session's place. */
  device: string | null;
  signedIn(me: MeResponse): void;
  signedOut(reason?: string, device?: string): void;
}

/** Who is signed in (client state only: the server is the authority). */
export const useAuth = create<AuthState>((set) => ({
  status: 'loading',
  me: null,
  reason: null,
  device: null,
  signedIn: (me) => set({ status: 'signed-in', me, reason: null, device: null }),
  signedOut: (reason, device) =>
    set({ status: 'signed-out', me: null, reason: reason ?? null, device: device ?? null }),
}));
