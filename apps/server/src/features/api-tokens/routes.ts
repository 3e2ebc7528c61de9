import type { Route } from '../../http/route.js';
import { createApiToken } from './create-api-token.js';
import { listApiTokens } from './list-api-tokens.js';
import { revokeApiToken } from './revoke-api-token.js';

/** The org's API tokens: owners list, create (shown once) and revoke them from a browser. */
export const apiTokenRoutes = (): Route[] => [listApiTokens, createApiToken, revokeApiToken];
