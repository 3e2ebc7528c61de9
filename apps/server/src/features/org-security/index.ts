/** Org security: the owner's MFA and session policy, active users, bulk sign-out. */
export { orgSecurityRoutes } from './routes.js';
