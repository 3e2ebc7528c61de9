import {
  authResponseSchema,
  changePasswordRequestSchema,
  changePasswordResponseSchema,
  loginMfaRequestSchema,
  loginMfaResponseSchema,
  loginRequestSchema,
  loginResponseSchema,
  type MeResponse,
  meResponseSchema,
  refreshResponseSchema,
  type SessionLimitResponse,
  sessionChoiceRequestSchema,
  signupRequestSchema,
} from '@gatehouse/shared';
import { keptTokensSection } from '../../alerts/index.js';
import type { AuditEmitter } from '../../audit/index.js';
import { recordFailure } from '../../core/throttle.js';
import type { UserRow } from '../../db/rows.js';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/auth-context.js';
import { signInClient } from '../../http/client-info.js';
import { clearSessionCookie, setSessionCookie } from '../../http/cookies.js';
import { defineRoute, type Route } from '../../http/route.js';
import {
  impersonationOf,
  revokeSession,
  SESSION_IDLE_EXPIRES_HEADER,
  touchSession,
} from '../../identity/index.js';
import { assertAddressAllowed } from '../../network/index.js';
import { toCurrentSessionDTO } from './dto.js';
import { KEPT_TOKENS } from './hand-overs.js';
import { completeMfaSignIn } from './mfa-login.js';
import { passkeyEnrollment } from './passkey-login.js';
import { signInResponder } from './responder.js';
import { changePassword, signIn, signUp, takenEmailOwner } from './service.js';
import { completeSessionChoice, type SessionLimitOffer } from './session-choice.js';
import { answerTakenEmail } from './taken-email.js';
import { checkSignUpThrottle, SIGN_UP_RULE, signUpKey } from './throttle.js';

export function authRoutes(deps: AppDeps): Route[] {
  const { config, keys } = deps;

  const { signedInResponse, completeSignIn } = signInResponder(deps);

  /** A verified sign-in at the limit: recorded, and answered with the sessions to choose from. */
  function offerChoice(
    result: { sessionLimit: SessionLimitOffer; user: UserRow },
    email: string,
    audit: AuditEmitter<'LOGIN_SUCCESS'>,
  ): SessionLimitResponse {
    const { sessionLimit, user } = result;
    audit.succeedAs('LOGIN_SESSION_LIMIT', {
      targetType: 'user',
      targetId: user.id,
      metadata: { email, live: sessionLimit.sessions.length, limit: sessionLimit.limit },
    });
    return { sessionLimit };
  }

  const meAnswers = new WeakMap<AuthContext, MeResponse>();

  return [
    defineRoute(
      {
        method: 'post',
        path: '/auth/signup',
        tag: 'auth',
        access: 'public',
        status: 201,
        summary: 'Create an organisation; the caller becomes its owner and is signed in',
        body: signupRequestSchema,
        response: authResponseSchema,
        audit: 'USER_SIGNED_UP',
      },
      async ({ db, body, req, res, client, audit, now, onFailure, afterCommit }) => {
        // Refused at the throttle before any hashing; every attempt past it counts.
        await checkSignUpThrottle(db, client.ip, now);
        const counted = (into: typeof db) =>
          recordFailure(into, signUpKey(client.ip), SIGN_UP_RULE, now);
        onFailure(counted);
        await counted(db);
        // With mail to tell the real owner, a taken email gets a new sign-up's answer (decision 014).
        const owner = config.smtpUrl ? await takenEmailOwner(db, body) : undefined;
        if (owner) {
          // Its owner is mailed by the reaction to SIGN_UP_EMAIL_TAKEN.
          const decoy = await answerTakenEmail(body, { now, keys });
          audit.succeedAs('SIGN_UP_EMAIL_TAKEN', {
            targetType: 'user',
            targetId: owner.id,
            metadata: { orgName: body.orgName },
          });
          afterCommit(() => setSessionCookie(res, config, decoy.token, decoy.absoluteExpiresAt));
          return decoy.response;
        }
        const signedIn = await signUp(db, body, signInClient(req, res, deps), now, audit);
        audit.actor(signedIn.user);
        audit.set({
          targetType: 'user',
          targetId: signedIn.user.id,
          metadata: { orgName: signedIn.org.name },
        });
        afterCommit(() =>
          setSessionCookie(res, config, signedIn.token, signedIn.session.absoluteExpiresAt),
        );
        return signedInResponse(signedIn);
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/auth/login',
        tag: 'auth',
        access: 'public',
        summary: 'Sign in with email and password',
        body: loginRequestSchema,
        response: loginResponseSchema,
        audit: { success: 'LOGIN_SUCCESS', failure: 'LOGIN_FAILURE' },
      },
      async ({ db, body, req, res, audit, now, onFailure, afterCommit }) => {
        audit.set({ metadata: { email: body.email } });
        const client = signInClient(req, res, deps);
        const result = await signIn(db, body, client, { now, onFailure, audit });
        // Only now, with the password right and the org known: no rule leaks to a guesser.
        await assertAddressAllowed(deps, result.user.orgId, client.ip, db);
        if ('mfaRequired' in result) {
          audit.succeedAs('LOGIN_MFA_REQUIRED', {
            targetType: 'user',
            targetId: result.user.id,
            metadata: { email: body.email },
          });
          return { mfaRequired: true as const, mfaToken: result.mfaToken, methods: result.methods };
        }
        if ('sessionLimit' in result) return offerChoice(result, body.email, audit);
        return {
          ...completeSignIn(result, { audit, res, afterCommit }),
          ...(await passkeyEnrollment(db, result.user)),
        };
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/auth/login/mfa',
        tag: 'auth',
        access: 'public',
        summary:
          'Second sign-in step: the mfaToken plus a TOTP code or a recovery code (with `chooseSession`, at the session limit: `sessionLimit`)',
        body: loginMfaRequestSchema,
        response: loginMfaResponseSchema,
        audit: { success: 'LOGIN_SUCCESS', failure: 'LOGIN_FAILURE' },
      },
      async ({ db, body, req, res, audit, now, onFailure, afterCommit }) => {
        const offered = body.code !== undefined ? 'totp' : 'recovery_code';
        audit.set({ metadata: { mfaMethod: offered } });
        const client = signInClient(req, res, deps);
        const signedIn = await completeMfaSignIn(db, keys, body, client, { now, onFailure, audit });
        await assertAddressAllowed(deps, signedIn.user.orgId, client.ip, db);
        if (signedIn.method === 'recovery_code') {
          audit.emit('RECOVERY_CODE_USED', {
            targetType: 'user',
            targetId: signedIn.user.id,
            metadata: { context: 'sign_in' },
          });
        }
        if ('sessionLimit' in signedIn) return offerChoice(signedIn, signedIn.user.email, audit);
        return {
          ...completeSignIn(signedIn, { audit, res, afterCommit }, signedIn.method),
          ...(await passkeyEnrollment(db, signedIn.user)),
        };
      },
    ),
    defineRoute(
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
      async ({ db, body, req, res, audit, now, afterCommit }) => {
        const client = signInClient(req, res, deps);
        const signedIn = await completeSessionChoice(db, body, client, { now, audit });
        // The network is checked again: the choice does not outlive a rule added meanwhile.
        await assertAddressAllowed(deps, signedIn.user.orgId, client.ip, db);
        return completeSignIn(signedIn, { audit, res, afterCommit });
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/auth/logout',
        // A blocked network can still sign out.
        anyNetwork: true,
        impersonation: 'never',
        tag: 'auth',
        access: 'session',
        summary: 'Sign out this session',
        audit: 'LOGOUT',
      },
      async ({ db, auth, res, audit, now, afterCommit }) => {
        audit.set({ targetType: 'session', targetId: auth.session.id });
        await revokeSession(db, auth.session.id, {
          reason: 'logout',
          revokedBy: auth.user.id,
          now,
        });
        afterCommit(() => clearSessionCookie(res, config));
      },
    ),
    defineRoute(
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
      async ({ db, auth }) => {
        // A support session says whose it is, fresh on every call (the mode may change).
        if (auth.session.impersonatorUserId)
          return { ...signedInResponse(auth), impersonation: await impersonationOf(db, auth) };
        let answer = meAnswers.get(auth);
        if (!answer) {
          // Frozen: the runner may then keep its JSON too. A passkey added or the org's policy
          // changed drops the cache entry (NOTIFY), and with it this answer.
          const enrollment = await passkeyEnrollment(db, auth.user);
          answer = Object.freeze({ ...signedInResponse(auth), ...enrollment, impersonation: null });
          meAnswers.set(auth, answer);
        }
        return answer;
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/auth/refresh',
        impersonation: 'always',
        tag: 'auth',
        access: 'session',
        summary: 'Slide the idle window ("Stay signed in")',
        response: refreshResponseSchema,
      },
      async ({ db, auth, res, now, afterCommit }) => {
        const session = await touchSession(db, auth.session, now);
        afterCommit(() => deps.sessionCache.updateSession(session));
        res.setHeader(SESSION_IDLE_EXPIRES_HEADER, session.idleExpiresAt.toISOString());
        return { session: toCurrentSessionDTO(session) };
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/auth/password',
        impersonation: 'never',
        tag: 'auth',
        access: 'session',
        summary:
          'Change the password; every other session is signed out, this one gets a new token',
        body: changePasswordRequestSchema,
        response: changePasswordResponseSchema,
        audit: 'PASSWORD_CHANGED',
      },
      async ({ db, auth, body, res, audit, now, onFailure, afterCommit }) => {
        audit.set({ targetType: 'user', targetId: auth.user.id });
        const changed = await changePassword(db, auth, body, { now, onFailure });
        const appUrl = config.appUrl;
        const keptTokens = await keptTokensSection(db, auth.user, { now, appUrl });
        // The password_changed alert (and its mail) reacts to PASSWORD_CHANGED with this list.
        audit.hand(KEPT_TOKENS, keptTokens);
        audit.set({
          metadata: {
            revokedOtherSessions: changed.revokedOtherSessions,
            ended: changed.ended,
            keptApiKeys: keptTokens?.tokens.length ?? 0,
          },
        });
        afterCommit(() =>
          setSessionCookie(res, config, changed.token, auth.session.absoluteExpiresAt),
        );
        return { revokedOtherSessions: changed.revokedOtherSessions };
      },
    ),
  ];
}
