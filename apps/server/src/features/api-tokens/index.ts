/** API tokens: format, CRUD for owners, and the bearer authenticator of the admin API. */
import type { Feature } from '../../http/feature.js';
import { apiTokenReactions } from './reactions.js';
import { apiTokenRoutes } from './routes.js';

export const apiTokensFeature: Feature = { routes: apiTokenRoutes, reactions: apiTokenReactions };
