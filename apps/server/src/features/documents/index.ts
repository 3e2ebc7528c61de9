/** Documents, signed downloads and share links behind the org's MFA policy. */
import type { Feature } from '../../http/feature.js';
import { mountPublicShares } from './public-share.js';
import { documentRoutes } from './routes.js';

export const documentsFeature: Feature = { routes: documentRoutes, mount: mountPublicShares };
