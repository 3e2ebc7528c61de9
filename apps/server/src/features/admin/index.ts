/** Admin tools: the org's sessions (one or all matching a filter) and force logout. */
export { adminRoutes } from './routes.js';
