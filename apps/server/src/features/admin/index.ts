/** Admin tools: the org's sessions (one or all matching a filter) and force logout. */
export { memberOfOrg } from './queries.js';
export { adminRoutes } from './routes.js';
export { actionableMember } from './service.js';
