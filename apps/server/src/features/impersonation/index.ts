/** Impersonation: support sessions the impersonated user can see, read-only by default. */
import type { Feature } from '../../http/feature.js';
import { supportSessionCheck } from './guard.js';
import { impersonationReactions } from './reactions.js';
import { impersonationRoutes } from './routes.js';
import { startSupportSessionSweeper } from './sweeper.js';

export { recordEndedSupportSessions } from './sweeper.js';

export const impersonationFeature: Feature = {
  routes: impersonationRoutes,
  reactions: impersonationReactions,
  checks: () => [supportSessionCheck],
  // Support sessions that ended without an exit are recorded and mailed (decision 009).
  start: (deps) => startSupportSessionSweeper(deps, deps.clock, deps.logger),
};
