import {
  type AuthResponse,
  authResponseSchema,
  changePasswordRequestSchema,
  changePasswordResponseSchema,
  loginMfaRequestSchema,
  loginRequestSchema,
  loginResponseSchema,
  meResponseSchema,
  refreshResponseSchema,
  signupRequestSchema,
} from '@gatehouse/shared';
import type { Response } from 'express';
import { logAudit } from '../../core/audit.js';
import { revokeSession, touchSession, type UserRow } from '../../core/sessions.js';
import { csrfTokenFor } from '../../core/tokens.js';
import type { AppDeps } from '../../deps.js';
import { type ClientInfo, signInClient } from '../../http/client-info.js';
import { clearSessionCookie, setSessionCookie } from '../../http/cookies.js';
import { type AuditDetails, defineRoute, type Route } from '../../http/route.js';
import { SESSION_IDLE_EXPIRES_HEADER } from '../../http/session.js';
import { toCurrentSessionDTO, toOrgDTO, toUserDTO } from './dto.js';
import { completeMfaSignIn } from './mfa-login.js';
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

function actorOf(user: UserRow) {
  return { orgId: user.orgId, actorUserId: user.id, targetType: 'user', targetId: user.id };
}

/** The end of every sign-in: audit details, evictions, the cookie and the response. */
async function completeSignIn(
  deps: AppDeps,
  signedIn: SignedIn,
  ctx: { client: ClientInfo; audit: AuditDetails; res: Response; now: Date },
): Promise<AuthResponse> {
  const { session } = signedIn;
  ctx.audit.metadata = {
    ...(typeof ctx.audit.metadata === 'object' ? ctx.audit.metadata : {}),
    email: signedIn.user.email,
    sessionId: session.id,
    device: session.device?.label,
    authMethods: session.authMethods,
  };
  Object.assign(ctx.audit, { country: session.country, city: session.city });
  await auditEvictions(deps, signedIn, ctx.client, ctx.now);
  setSessionCookie(ctx.res, deps.config, signedIn.token, session.absoluteExpiresAt);
  return signedInResponse(deps, signedIn);
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
        response: loginResponseSchema,
        audit: { success: 'LOGIN_SUCCESS', failure: 'LOGIN_FAILURE' },
      },
      async ({ body, req, res, client, audit, now }) => {
        audit.metadata = { email: body.email };
        const result = await signIn(db, body, signInClient(req, res, deps), now, (user) =>
          Object.assign(audit, actorOf(user)),
        );
        if ('mfaRequired' in result) {
          audit.action = 'LOGIN_MFA_REQUIRED';
          return { mfaRequired: true as const, mfaToken: result.mfaToken };
        }
        return completeSignIn(deps, result, { client, audit, res, now });
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/auth/login/mfa',
        tag: 'auth',
        access: 'public',
        summary: 'Second sign-in step: the mfaToken plus a TOTP code or a recovery code',
        body: loginMfaRequestSchema,
        response: authResponseSchema,
        audit: { success: 'LOGIN_SUCCESS', failure: 'LOGIN_FAILURE' },
      },
      async ({ body, req, res, client, audit, now }) => {
        const offered = body.code !== undefined ? 'totp' : 'recovery_code';
        audit.metadata = { mfaMethod: offered };
        const signedIn = await completeMfaSignIn(
          db,
          config.appSecret,
          body,
          signInClient(req, res, deps),
          now,
          (user) => Object.assign(audit, actorOf(user)),
        );
        if (signedIn.method === 'recovery_code') {
          await logAudit(
            db,
            {
              ...actorOf(signedIn.user),
              action: 'RECOVERY_CODE_USED',
              outcome: 'SUCCESS',
              ip: client.ip,
              userAgent: client.userAgent,
              metadata: { context: 'sign_in' },
            },
            now,
          );
        }
        return completeSignIn(deps, signedIn, { client, audit, res, now });
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
      async ({ auth, res, now }) => {
        const session = await touchSession(db, auth.session, now);
        deps.sessionCache.updateSession(session);
        res.setHeader(SESSION_IDLE_EXPIRES_HEADER, session.idleExpiresAt.toISOString());
        return { session: toCurrentSessionDTO(session) };
      },
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
