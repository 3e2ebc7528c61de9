/** Sign-up, sign-in (with its second step), sign-out, the current session, password change. */
export { authRoutes } from './routes.js';
export { refuseWeakPassword } from './service.js';
