import {
  ACTIONS_ON_PEOPLE,
  impersonateRequestSchema,
  impersonateResponseSchema,
  successResponseSchema,
} from '@gatehouse/shared';
import type { Response } from 'express';
import { z } from 'zod';
import { hashToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { signInClient } from '../../http/client-info.js';
import {
  clearReturnCookie,
  clearSessionCookie,
  returnCookieName,
  sessionCookieName,
  setReturnCookie,
  setSessionCookie,
  tokenCookie,
} from '../../http/cookies.js';
import { AppError, forbidden, unauthenticated } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { actionableMember, sessionProblem } from '../../identity/index.js';
import { recordSupportSessionEnd } from './ending.js';
import { type SessionOfUser, sessionByTokenHash, unrecordedSupportSessionOf } from './queries.js';
import { startImpersonation } from './service.js';

const userIdParamsSchema = z.object({ userId: z.uuid() });

export function impersonationRoutes(deps: AppDeps): Route[] {
  const { config } = deps;

  /** The session a token names, if it is still live (every rule of DESIGN §4). */
  const liveOnly = (found: SessionOfUser | undefined, now: Date) =>
    found && !sessionProblem(found.session, found.user, now) ? found : undefined;

  /**
   * The browser's support session to end and the administrator's session to restore. A support
   * cookie that is already dead is a dead session like any other: 401, nothing recorded (its end
   * is the sweeper's, or the waiting administrator session's, to record). Without a support
   * cookie (a 401 elsewhere cleared it), the live administrator session in gh_return still ends
   * the support session it opened.
   */
  async function exitTarget(db: Executor, cookies: unknown, res: Response, now: Date) {
    const token = tokenCookie(cookies, sessionCookieName(config));
    const current = token ? await sessionByTokenHash(db, hashToken(token)) : undefined;
    const problem = current && sessionProblem(current.session, current.user, now);
    const inSupport = current?.session.impersonatorUserId ? current : undefined;
    if (inSupport && problem) {
      clearSessionCookie(res, config);
      throw unauthenticated(problem);
    }
    const returnToken = tokenCookie(cookies, returnCookieName(config));
    const waiting = returnToken ? await sessionByTokenHash(db, hashToken(returnToken)) : undefined;
    const own = liveOnly(waiting, now);
    // A support cookie goes back only to the administrator session that opened it.
    const restore =
      own &&
      returnToken &&
      (!inSupport || inSupport.session.impersonatorSessionId === own.session.id)
        ? { session: own.session, token: returnToken }
        : undefined;
    const support =
      inSupport ?? (restore && (await unrecordedSupportSessionOf(db, restore.session.id)));
    if (!support && !restore) {
      if (current && !problem)
        throw new AppError('CONFLICT', 'This browser is not in a support session');
      if (token) clearSessionCookie(res, config);
      throw unauthenticated(problem || 'no_session');
    }
    return { support, restore };
  }

  return [
    // Before `/impersonate/:userId`, which would otherwise take `exit` for a user id.
    defineRoute(
      {
        method: 'post',
        path: '/impersonate/exit',
        tag: 'admin',
        // Public, so that exit works after the support session timed out; Origin is checked.
        access: 'public',
        summary:
          "End this browser's support session (its reads' summary, IMPERSONATION_ENDED and the user's email, once) and return to the administrator's own session",
        response: successResponseSchema,
      },
      async ({ db, req, res, audit, now, afterCommit }) => {
        const { support, restore } = await exitTarget(db, req.cookies, res, now);
        // Nothing is recorded when the end already was (by the sweeper): only the cookie returns.
        if (support) await recordSupportSessionEnd(db, { audit, now }, support);
        afterCommit(() => {
          clearReturnCookie(res, config);
          if (restore)
            setSessionCookie(res, config, restore.token, restore.session.absoluteExpiresAt);
          else clearSessionCookie(res, config);
        });
        return { success: true as const };
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/impersonate/:userId',
        tag: 'admin',
        access: 'session',
        permission: 'IMPERSONATE',
        summary:
          'Sign in as a user of your org for a stated reason (a support session they can see and are mailed about; read-only unless the owner allows more)',
        params: userIdParamsSchema,
        body: impersonateRequestSchema,
        // Never from a support session: no impersonating while impersonating.
        impersonation: ACTIONS_ON_PEOPLE.IMPERSONATE.supportSession,
        load: async ({ db, auth, params, audit }) => {
          audit.set({ targetType: 'user', targetId: params.userId });
          return actionableMember(db, auth, params.userId, 'IMPERSONATE', {
            owner_never: () => forbidden('An owner cannot be impersonated'),
          });
        },
        stepUp: 'IMPERSONATION',
        stepUpDescription: (_input, target) => `Impersonate ${target.name}`,
        response: impersonateResponseSchema,
        audit: 'IMPERSONATION_STARTED',
      },
      async ({ db, auth, params, body, req, res, audit, now, afterCommit }) => {
        const ownToken = tokenCookie(req.cookies, sessionCookieName(config));
        if (!ownToken) throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
        const started = await startImpersonation(db, auth, {
          userId: params.userId,
          reason: body.reason,
          client: signInClient(req, res, deps),
          now,
        });
        audit.set({
          metadata: {
            reason: body.reason,
            sessionId: started.session.id,
            mode: started.dto.mode,
            expiresAt: started.dto.expiresAt,
          },
        });
        // The admin's own cookie waits in gh_return; the browser now holds the support session.
        afterCommit(() => {
          setReturnCookie(res, config, ownToken, auth.session.absoluteExpiresAt);
          setSessionCookie(res, config, started.token, started.session.absoluteExpiresAt);
        });
        return { impersonation: started.dto };
      },
    ),
  ];
}
