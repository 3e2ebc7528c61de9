import type { StepUpRequiredBody } from '@gatehouse/shared';
import { create } from 'zustand';

interface StepUpState {
  challenge: StepUpRequiredBody | null;
  /** Counts requests, so each one starts a fresh dialog. */
  sequence: number;
  resolve: ((verified: boolean) => void) | null;
  /** Opens the modal; resolves when the user verified (true) or closed it (false). */
  request(challenge: StepUpRequiredBody): Promise<boolean>;
  finish(verified: boolean): void;
}

/** The step-up prompt the API client is waiting on (client state only). */
export const useStepUp = create<StepUpState>((set, get) => ({
  challenge: null,
  sequence: 0,
  resolve: null,
  request: (challenge) =>
    new Promise<boolean>((resolve) => {
      get().resolve?.(false);
      set((s) => ({ challenge, resolve, sequence: s.sequence + 1 }));
    }),
  finish: (verified) => {
    get().resolve?.(verified);
    set({ challenge: null, resolve: null });
  },
}));
