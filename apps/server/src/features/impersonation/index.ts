/** Impersonation: support sessions the impersonated user can see, read-only by default. */
export { checkImpersonation } from './guard.js';
export { impersonationRoutes } from './routes.js';
export { impersonationOf } from './service.js';
