import { reachesOwners } from '@gatehouse/shared';
import { actorOf } from '../../http/may-act-on.js';
import { isTokenAuth, type Principal } from '../../http/principal.js';
import type { Viewer } from './queries.js';

/** Who is looking, for the sessions they may see and sign out (never their own). */
export const viewerOf = (auth: Principal): Viewer =>
  isTokenAuth(auth)
    ? { sessionId: null, reachesOwners: true }
    : {
        sessionId: auth.session.id,
        reachesOwners: reachesOwners(actorOf(auth), 'REVOKE_SESSION'),
      };
