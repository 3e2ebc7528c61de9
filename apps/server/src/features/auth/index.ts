/** Sign-up, sign-in (with its second step), sign-out, the current session, password change. */

export { knownDeviceHash } from '../../identity/index.js';
export { authRoutes } from './routes.js';
