import type { Route } from '../../http/route.js';
import { finishTotpSetup } from './finish-totp-setup.js';
import { getMfaStatus } from './get-mfa-status.js';
import { regenerateRecoveryCodes } from './regenerate-recovery-codes.js';
import { startTotpSetup } from './start-totp-setup.js';
import { turnOffTotp } from './turn-off-totp.js';

/** Second factor: TOTP on and off, recovery codes (one file per use case, decision 019). */
export const secondFactorRoutes = (): Route[] => [
  getMfaStatus,
  startTotpSetup,
  finishTotpSetup,
  turnOffTotp,
  regenerateRecoveryCodes,
];
