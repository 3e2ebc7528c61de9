/**
 * Device-bound sessions (DBSC, decision 025): the browser's registration and refresh endpoints.
 * The protocol, the bound-cookie rule every session request passes (`deviceBoundAuthenticator`)
 * and the offer a sign-in answer carries are the HTTP layer's (`http/dbsc/`).
 */
import type { Feature } from '../../http/feature.js';
import { dbscReactions } from './reactions.js';
import { mountDbsc } from './routes.js';

export { KEY_MISMATCH_REASON } from './refresh-bound-session.js';

export const dbscFeature: Feature = {
  routes: () => [],
  reactions: dbscReactions,
  mountFirst: mountDbsc,
};
