import type { Route } from '../../http/route.js';
import { getOrgSecurity } from './get-org-security.js';
import { listActiveUsers } from './list-active-users.js';
import { signOutEveryone } from './sign-out-everyone.js';
import { updateOrgSecurity } from './update-org-security.js';

/**
 * Org security: the owner's MFA and session policy, active users, bulk sign-out (one file per use
 * case, decision 019).
 */
export const orgSecurityRoutes = (): Route[] => [
  getOrgSecurity,
  listActiveUsers,
  updateOrgSecurity,
  signOutEveryone,
];
