import type { Route } from '../../http/route.js';
import { listActivity } from './list-activity.js';

/** Activity: a user's own security events (one file per use case, decision 019). */
export const activityRoutes = (): Route[] => [listActivity];
