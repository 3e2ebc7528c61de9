import type { StepUpRequiredBody } from '@gatehouse/shared';
import { create } from 'zustand';

interface StepUpState {
  challenge: StepUpRequiredBody | null;
  resolve: ((verified: boolean) => void) | null;
  /** Opens the modal; resolves when the user verified (true) or closed it (false). */
  request(challenge: StepUpRequiredBody): Promise<boolean>;
  finish(verified: boolean): void;
}

export const useStepUp = create<StepUpState>((set, get) => ({
  challenge: null,
  resolve: null,
  request: (challenge) =>
    new Promise<boolean>((resolve) => {
      get().resolve?.(false);
      set({ challenge, resolve });
    }),
  finish: (verified) => {
    get().resolve?.(verified);
    set({ challenge: null, resolve: null });
  },
}));
