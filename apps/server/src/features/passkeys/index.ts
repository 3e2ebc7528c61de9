/** Passkeys (WebAuthn, decision 024): registering, naming and removing them. The factor itself
 * (assertions, sign-in and step-up flows, standing) is identity's (`identity/passkeys/`). */
import type { Feature } from '../../http/feature.js';
import { passkeyReactions } from './reactions.js';
import { passkeyRoutes } from './routes.js';

export const passkeysFeature: Feature = { routes: passkeyRoutes, reactions: passkeyReactions };
