import type { Route } from '../../http/route.js';
import { forceLogout } from './force-logout.js';
import { listOrgSessions } from './list-org-sessions.js';
import { revokeMatchingSessions } from './revoke-matching-sessions.js';
import { revokeOrgSession } from './revoke-org-session.js';

/** Admin tools: the org's sessions and force logout (one file per use case, decision 019). */
export const adminRoutes = (): Route[] => [
  listOrgSessions,
  revokeMatchingSessions,
  forceLogout,
  revokeOrgSession,
];
