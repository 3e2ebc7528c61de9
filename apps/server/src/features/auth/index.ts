/** Sign-up, sign-in (with its second step), sign-out, the current session, password change. */
import type { Feature } from '../../http/feature.js';
import { authReactions } from './reactions.js';
import { authRoutes } from './routes.js';

export const authFeature: Feature = { routes: authRoutes, reactions: authReactions };
