/** A user's own security activity, read from the audit log. */
export { activityRoutes } from './routes.js';
