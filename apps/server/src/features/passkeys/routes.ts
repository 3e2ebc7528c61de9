import type { Route } from '../../http/route.js';
import { addPasskey } from './add-passkey.js';
import { listPasskeys } from './list-passkeys.js';
import { removePasskey } from './remove-passkey.js';
import { renamePasskey } from './rename-passkey.js';
import { startPasskeyRegistration } from './start-passkey-registration.js';
import { startPasskeyStepUp } from './start-passkey-step-up.js';

/** Settings → Security → Passkeys, and the options a passkey step-up signs (DESIGN §5, §7). */
export const passkeyRoutes = (): Route[] => [
  listPasskeys,
  startPasskeyRegistration,
  addPasskey,
  renamePasskey,
  removePasskey,
  startPasskeyStepUp,
];
