import type { Route } from '../../http/route.js';
import { exitSupportSession } from './exit-support-session.js';
import { startSupportSession } from './start-support-session.js';

/** Support sessions: start one on a user of the org, and leave it (one file per use case). */
export const impersonationRoutes = (): Route[] => [
  // Before `/impersonate/:userId`, which would otherwise take `exit` for a user id.
  exitSupportSession,
  startSupportSession,
];
