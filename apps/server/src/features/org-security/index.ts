/** Org security: the owner's MFA and session policy, active users, bulk sign-out. */
import type { Feature } from '../../http/feature.js';
import { orgSecurityRoutes } from './routes.js';

export const orgSecurityFeature: Feature = { routes: orgSecurityRoutes };
