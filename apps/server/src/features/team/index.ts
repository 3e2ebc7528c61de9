/** Team: the org's users, and adding one. */
export { teamRoutes } from './routes.js';
