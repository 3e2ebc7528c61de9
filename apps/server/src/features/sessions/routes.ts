import type { Route } from '../../http/route.js';
import { cleanUpExpiredSessions } from './clean-up-expired-sessions.js';
import { listSessions } from './list-sessions.js';
import { revokeOtherSessions } from './revoke-other-sessions.js';
import { revokeSession } from './revoke-session.js';

/** Sessions: list yours (or a user's), sign one or all others out, purge the expired (decision 019). */
export const sessionRoutes = (): Route[] => [
  listSessions,
  revokeSession,
  revokeOtherSessions,
  cleanUpExpiredSessions,
];
