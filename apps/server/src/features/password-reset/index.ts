/** "Forgot password?": reset links by mail, and setting a new password with one (DESIGN §9). */
export { passwordResetRoutes } from './routes.js';
export { type IssuedResetToken, issueResetToken, RESET_TOKEN_TTL_MS } from './service.js';
