/** Sessions: create, look up, cache + LISTEN, touch, evict, revoke, sweep. */
import type { Feature } from '../../http/feature.js';
import { sessionRoutes } from './routes.js';

export const sessionsFeature: Feature = { routes: sessionRoutes };
