/** Passkeys (WebAuthn, decision 024): a factor of their own and a way to sign in. */
export type { AssertionContext } from './assertion.js';
export { signInOptions, signInPasskey, verifySignInPasskey, verifyStepUpPasskey } from './flows.js';
export { type RelyingParty, relyingPartyOf } from './relying-party.js';
export { passkeyRoutes } from './routes.js';
export { passkeyStanding, passkeysRequiredFor } from './service.js';
