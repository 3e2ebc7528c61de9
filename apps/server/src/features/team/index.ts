/** Team: the org's users, and adding one. */
import type { Feature } from '../../http/feature.js';
import { teamReactions } from './reactions.js';
import { teamRoutes } from './routes.js';

export const teamFeature: Feature = { routes: teamRoutes, reactions: teamReactions };
