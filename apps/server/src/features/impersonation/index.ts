/** Impersonation: support sessions the impersonated user can see, read-only by default. */
export { checkImpersonation, countSupportRead } from './guard.js';
export { impersonationRoutes } from './routes.js';
export { recordEndedSupportSessions, startSupportSessionSweeper } from './sweeper.js';
