/** Sign-up, sign-in (with its second step), sign-out, the current session, password change. */

export { browserParty } from './mfa-login.js';
export { passkeySignInRoutes } from './passkey-routes.js';
export { knownDeviceHash } from './queries.js';
export { authRoutes } from './routes.js';
export { refuseWeakPassword } from './service.js';
