/** API tokens: format, CRUD for owners, and the bearer authenticator of the admin API. */
export { tokenAuthenticator } from './authenticate.js';
export { apiTokenRoutes } from './routes.js';
export { type KeptToken, liveTokensCreatedBy, revokeTokensCreatedBy } from './service.js';
