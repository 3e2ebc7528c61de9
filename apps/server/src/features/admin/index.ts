/** Admin tools: the org's sessions (one or all matching a filter) and force logout. */
import type { Feature } from '../../http/feature.js';
import { adminReactions } from './reactions.js';
import { adminRoutes } from './routes.js';

export const adminFeature: Feature = { routes: adminRoutes, reactions: adminReactions };
