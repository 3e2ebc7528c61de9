import type { Executor } from '../db/client.js';
import { type AlertOrigin, type AlertScope, raiseAlert } from './raise.js';

/**
 * A device-bound passkey answered with an old signature counter (identity's `verifyAssertion`
 * refused it): the user hears of it every time, from the failure transaction.
 */
export const passkeyCounterRegressed =
  (alerts: Omit<AlertScope, 'now'>, origin: AlertOrigin | null, now: Date) =>
  async (failures: Executor, userId: string): Promise<void> => {
    await raiseAlert(
      failures,
      { ...alerts, now },
      {
        type: 'passkey_counter_regressed',
        user: { id: userId },
        origin,
        summary: 'A passkey answered with an old signature counter and was refused.',
        everyTime: true,
      },
    );
  };
