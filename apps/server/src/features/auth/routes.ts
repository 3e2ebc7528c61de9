import {
  type AuthResponse,
  authResponseSchema,
  changePasswordRequestSchema,
  changePasswordResponseSchema,
  loginRequestSchema,
  meResponseSchema,
  refreshResponseSchema,
  signupRequestSchema,
} from '@gatehouse/shared';
import { logAudit } from '../../core/audit.js';
import { revokeSession, touchSession } from '../../core/sessions.js';
import { csrfTokenFor } from '../../core/tokens.js';
import type { AppDeps } from '../../deps.js';
import { type ClientInfo, signInClient } from '../../http/client-info.js';
import { clearSessionCookie, setSessionCookie } from '../../http/cookies.js';
import { defineRoute, type Route } from '../../http/route.js';
import { toCurrentSessionDTO, toOrgDTO, toUserDTO } from './dto.js';
import { changePassword, type SignedIn, signIn, signUp } from './service.js';

/** Sessions pushed out by the concurrent limit are recorded one row each. */
async function auditEvictions(
  deps: AppDeps,
  signedIn: SignedIn,
  client: ClientInfo,
  now: Date,
): Promise<void> {
  for (const evicted of signedIn.evicted) {
    await logAudit(
      deps.db,
      {
        orgId: signedIn.org.id,
        action: 'SESSION_EVICTED',
        outcome: 'SUCCESS',
        actorUserId: signedIn.user.id,
        targetType: 'session',
        targetId: evicted.id,
        ip: client.ip,
        userAgent: client.userAgent,
        metadata: {
          reason: 'session_limit',
          device: evicted.device?.label ?? null,
          newSessionId: signedIn.session.id,
        },
      },
      now,
    );
  }
}

function signedInResponse(deps: AppDeps, signedIn: SignedIn): AuthResponse {
  return {
    user: toUserDTO(signedIn.user),
    org: toOrgDTO(signedIn.org),
    session: toCurrentSessionDTO(signedIn.session),
    csrfToken: csrfTokenFor(deps.config.appSecret, signedIn.session.id),
  };
}

export function authRoutes(deps: AppDeps): Route[] {
  const { db, config } = deps;
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
      async ({ body, req, res, audit, now }) => {
        const signedIn = await signUp(db, body, signInClient(req, res, deps), now);
        Object.assign(audit, {
          orgId: signedIn.org.id,
          actorUserId: signedIn.user.id,
          targetType: 'user',
          targetId: signedIn.user.id,
        });
        setSessionCookie(res, config, signedIn.token, signedIn.session.absoluteExpiresAt);
        return signedInResponse(deps, signedIn);
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
        response: authResponseSchema,
        audit: { success: 'LOGIN_SUCCESS', failure: 'LOGIN_FAILURE' },
      },
      async ({ body, req, res, client, audit, now }) => {
        audit.metadata = { email: body.email };
        const signedIn = await signIn(db, body, signInClient(req, res, deps), now, (user) => {
          Object.assign(audit, {
            orgId: user.orgId,
            actorUserId: user.id,
            targetType: 'user',
            targetId: user.id,
          });
        });
        audit.metadata = {
          email: body.email,
          sessionId: signedIn.session.id,
          device: signedIn.session.device?.label,
        };
        Object.assign(audit, { country: signedIn.session.country, city: signedIn.session.city });
        await auditEvictions(deps, signedIn, client, now);
        setSessionCookie(res, config, signedIn.token, signedIn.session.absoluteExpiresAt);
        return signedInResponse(deps, signedIn);
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/auth/logout',
        tag: 'auth',
        access: 'session',
        summary: 'Sign out this session',
        audit: 'LOGOUT',
      },
      async ({ auth, res, audit, now }) => {
        await revokeSession(db, auth.session.id, 'logout', auth.user.id, now);
        Object.assign(audit, { targetType: 'session', targetId: auth.session.id });
        clearSessionCookie(res, config);
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
      async ({ auth }) => ({
        ...signedInResponse(deps, { ...auth, token: '', evicted: [] }),
        impersonation: null,
      }),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/auth/refresh',
        tag: 'auth',
        access: 'session',
        summary: 'Slide the idle window ("Stay signed in")',
        response: refreshResponseSchema,
      },
      async ({ auth, now }) => ({
        session: toCurrentSessionDTO(await touchSession(db, auth.session, now)),
      }),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/auth/password',
        tag: 'auth',
        access: 'session',
        summary: 'Change the password; every other session is signed out',
        body: changePasswordRequestSchema,
        response: changePasswordResponseSchema,
        audit: 'PASSWORD_CHANGED',
      },
      async ({ auth, body, audit, now }) => {
        const revokedOtherSessions = await changePassword(db, auth, body, now);
        Object.assign(audit, {
          targetType: 'user',
          targetId: auth.user.id,
          metadata: { revokedOtherSessions },
        });
        return { revokedOtherSessions };
      },
    ),
  ];
}
