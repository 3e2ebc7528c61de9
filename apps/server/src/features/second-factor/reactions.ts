import { tellTheUser } from '../../alerts/index.js';
import { type Reaction, reaction } from '../../http/reactions.js';

/** The user hears of every change to their second factor, from the session that made it. */
export const secondFactorReactions: readonly Reaction[] = [
  reaction('MFA_ENROLLED', tellTheUser('mfa_enabled')),
  reaction('MFA_DISABLED', tellTheUser('mfa_disabled')),
  reaction('RECOVERY_CODES_REGENERATED', tellTheUser('recovery_codes_regenerated')),
];
