/** Step-up: the 428 guard the route runner applies, and re-verification that grants it. */
import type { Feature } from '../../http/feature.js';
import { stepUpReactions } from './reactions.js';
import { stepUpRoutes } from './routes.js';

export const stepUpFeature: Feature = { routes: stepUpRoutes, reactions: stepUpReactions };
