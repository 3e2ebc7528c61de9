/**
 * A signed-in user (or a support session, which says whose it is) reads who they are, their
 * org and this session; nothing without a session (401).
 */
import { type MeResponse, meResponseSchema } from '@gatehouse/shared';
import type { AuthContext } from '../../http/auth-context.js';
import { defineRoute, type Route } from '../../http/route.js';
import { impersonationOf } from '../../identity/index.js';
import { passkeyEnrollment } from './passkey-login.js';
import { signedInResponse } from './responder.js';

/** Answers by cached session: each app's cache has its own session objects. */
const meAnswers = new WeakMap<AuthContext, MeResponse>();

export const getCurrentSession: Route = defineRoute(
  {
    method: 'get',
    path: '/auth/me',
    tag: 'auth',
    access: 'session',
    summary: 'The signed-in user, org and session',
    response: meResponseSchema,
  },
  // The hottest read, and a function of the cached session alone: built (CSRF HMAC and all)
  // once per cache entry, which a touch or an invalidation replaces, not on every request.
  async ({ db, auth, deps }) => {
    // A support session says whose it is, fresh on every call (the mode may change).
    if (auth.session.impersonatorUserId)
      return {
        ...signedInResponse(deps.keys, auth),
        impersonation: await impersonationOf(db, auth),
      };
    let answer = meAnswers.get(auth);
    if (!answer) {
      // Frozen: the runner may then keep its JSON too. A passkey added or the org's policy
      // changed drops the cache entry (NOTIFY), and with it this answer.
      const enrollment = await passkeyEnrollment(db, auth.user);
      answer = Object.freeze({
        ...signedInResponse(deps.keys, auth),
        ...enrollment,
        impersonation: null,
      });
      meAnswers.set(auth, answer);
    }
    return answer;
  },
);
