import {
  impersonateRequestSchema,
  impersonateResponseSchema,
  successResponseSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import { QUOTED_REASON_MAX, quoted } from '../../core/quoted-text.js';
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
import { AppError, forbidden } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { actionableMember } from '../admin/index.js';
import { raiseAlert } from '../alerts/index.js';
import { openSupportSessionOf, sessionByTokenHash } from './queries.js';
import { endImpersonation, startImpersonation } from './service.js';

const userIdParamsSchema = z.object({ userId: z.uuid() });
const notImpersonating = (): AppError =>
  new AppError('CONFLICT', 'This browser is not in a support session');

export function impersonationRoutes(deps: AppDeps): Route[] {
  const { config } = deps;

  /**
   * The browser's support session (from its session cookie, or — when that already expired and
   * was cleared — the one its waiting admin session opened) and the admin session to go back to.
   */
  async function supportAndOwnSessions(db: Executor, cookies: unknown, now: Date) {
    const token = tokenCookie(cookies, sessionCookieName(config));
    const current = token ? await sessionByTokenHash(db, hashToken(token)) : undefined;
    const returnToken = tokenCookie(cookies, returnCookieName(config));
    const waiting = returnToken ? await sessionByTokenHash(db, hashToken(returnToken)) : undefined;
    const own =
      waiting &&
      !waiting.revokedAt &&
      waiting.absoluteExpiresAt > now &&
      waiting.idleExpiresAt > now &&
      (!current?.impersonatorSessionId || current.impersonatorSessionId === waiting.id)
        ? waiting
        : undefined;
    const support = current?.impersonatorUserId
      ? current
      : own
        ? await openSupportSessionOf(db, own.id)
        : undefined;
    return { support, own, returnToken };
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
        summary: "End this browser's support session and return to the administrator's own session",
        response: successResponseSchema,
        audit: 'IMPERSONATION_ENDED',
      },
      async ({ db, req, res, audit, now, afterCommit }) => {
        const { support, own, returnToken } = await supportAndOwnSessions(db, req.cookies, now);
        if (!support && !own) throw notImpersonating();
        if (support?.impersonatorUserId) {
          audit.actor({ id: support.impersonatorUserId, orgId: support.orgId });
          const ended = await endImpersonation(db, support, now);
          if (ended) {
            audit.set({
              targetType: 'user',
              targetId: support.userId,
              metadata: {
                reason: support.impersonationReason ?? '',
                sessionId: support.id,
                ...ended,
              },
            });
            await raiseAlert(
              db,
              { audit, appUrl: config.appUrl, now },
              {
                type: 'impersonation_ended',
                user: { id: support.userId },
                summary: `A support session on your account ended (${ended.endedBy === 'exit' ? 'the administrator left' : 'its time ran out'}). Reason given: ${support.impersonationReason ? quoted(support.impersonationReason, QUOTED_REASON_MAX) : 'none'}`,
              },
            );
          }
        }
        afterCommit(() => {
          clearReturnCookie(res, config);
          if (own && returnToken) setSessionCookie(res, config, returnToken, own.absoluteExpiresAt);
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
          'Sign in as a user of your org for a stated reason (a support session they can see; read-only unless the owner allows more)',
        params: userIdParamsSchema,
        body: impersonateRequestSchema,
        // Never from a support session: no impersonating while impersonating.
        impersonation: 'never',
        load: async ({ db, auth, params, audit }) => {
          audit.set({ targetType: 'user', targetId: params.userId });
          const target = await actionableMember(db, auth, params.userId);
          if (target.role === 'owner') throw forbidden('An owner cannot be impersonated');
          return target;
        },
        stepUp: 'IMPERSONATION',
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
