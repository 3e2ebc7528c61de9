/** Second factor: TOTP, recovery codes, sealed keys and the attempt lock they share. */
import type { Feature } from '../../http/feature.js';
import { secondFactorReactions } from './reactions.js';
import { secondFactorRoutes } from './routes.js';

export const secondFactorFeature: Feature = {
  routes: secondFactorRoutes,
  reactions: secondFactorReactions,
};
