import type { MeResponse } from '@gatehouse/shared';
import { create } from 'zustand';

type Status = 'loading' | 'signed-in' | 'signed-out';

/** What a 401 said beside its reason: a force logout's note, the session limit's device. */
export interface SignedOutExtra {
  note?: string | undefined;
  device?: string | undefined;
}

interface AuthState {
  status: Status;
  me: MeResponse | null;
  /** Why the session ended, when the server said (shown as a banner on the login page). */
  reason: string | null;
  /** What the administrator who forced the user out wrote, from the server's 401 (never the URL). */
  note: string | null;
  /** `session_limit`: the device whose sign-in took this session's place. */
  device: string | null;
  signedIn(me: MeResponse): void;
  signedOut(reason?: string, extra?: SignedOutExtra): void;
}

/** Who is signed in (client state only: the server is the authority). */
export const useAuth = create<AuthState>((set) => ({
  status: 'loading',
  me: null,
  reason: null,
  note: null,
  device: null,
  signedIn: (me) => set({ status: 'signed-in', me, reason: null, note: null, device: null }),
  signedOut: (reason, extra) =>
    set({
      status: 'signed-out',
      me: null,
      reason: reason ?? null,
      note: extra?.note ?? null,
      device: extra?.device ?? null,
    }),
}));
