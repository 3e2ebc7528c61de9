/** A user's own security activity, read from the audit log. */
import type { Feature } from '../../http/feature.js';
import { activityRoutes } from './routes.js';

export const activityFeature: Feature = { routes: activityRoutes };
