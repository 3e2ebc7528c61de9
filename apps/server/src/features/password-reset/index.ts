/** "Forgot password?": reset links by mail, and setting a new password with one (DESIGN §9). */
import type { Feature } from '../../http/feature.js';
import { passwordResetReactions } from './reactions.js';
import { passwordResetRoutes } from './routes.js';

export { type IssuedResetToken, issueResetToken, RESET_TOKEN_TTL_MS } from './service.js';

export const passwordResetFeature: Feature = {
  routes: passwordResetRoutes,
  reactions: passwordResetReactions,
};
