/** API tokens: format, CRUD for owners, and the bearer authenticator of the admin API. */
export { apiTokenRoutes } from './routes.js';
