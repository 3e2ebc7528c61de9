/**
 * At the session limit, the browser that signed in (with its choiceToken: single use, 5
 * minutes) ends one of its sessions and is signed in. Refused: an expired, spent or another
 * browser's token (401, start again), a session already ended (404), a blocked network (403).
 */
import { authResponseSchema, sessionChoiceRequestSchema } from '@gatehouse/shared';
import { signInClient } from '../../http/client-info.js';
import { defineRoute, type Route } from '../../http/route.js';
import { assertAddressAllowed } from '../../network/index.js';
import { completeSignIn } from './responder.js';
import { completeSessionChoice } from './session-choice.js';

export const chooseSessionAtLimit: Route = defineRoute(
  {
    method: 'post',
    path: '/auth/login/session-choice',
    tag: 'auth',
    access: 'public',
    summary:
      'At the session limit: end the chosen session and sign in (the choiceToken from `sessionLimit`: single-use, 5 minutes, the same browser)',
    body: sessionChoiceRequestSchema,
    response: authResponseSchema,
    audit: { success: 'LOGIN_SUCCESS', failure: 'LOGIN_FAILURE' },
  },
  async ({ db, body, req, res, audit, now, deps, afterCommit }) => {
    const client = signInClient(req, res, deps);
    const signedIn = await completeSessionChoice(db, body, client, { now, audit });
    // The network is checked again: the choice does not outlive a rule added meanwhile.
    await assertAddressAllowed(deps, signedIn.user.orgId, client.ip, db);
    return completeSignIn(deps, signedIn, { audit, res, afterCommit });
  },
);
