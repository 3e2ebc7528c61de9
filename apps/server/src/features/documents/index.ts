/** Documents, signed downloads and share links behind the org's MFA policy. */
export { mountPublicShares } from './public-share.js';
export { documentRoutes } from './routes.js';
