import type { ImpersonationDTO } from '@gatehouse/shared';
import {
  ACTIONS_ON_PEOPLE,
  impersonateRequestSchema,
  impersonateResponseSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import type { Executor } from '../../db/client.js';
import type { SessionRow } from '../../db/rows.js';
import type { AuthContext } from '../../http/auth-context.js';
import type { SignInClient } from '../../http/client-info.js';
import { signInClient } from '../../http/client-info.js';
import {
  sessionCookieName,
  setReturnCookie,
  setSessionCookie,
  tokenCookie,
} from '../../http/cookies.js';
import { AppError, forbidden } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { actionableMember, createSession, impersonationModeOf } from '../../identity/index.js';
import { findUser } from './queries.js';

const userIdParamsSchema = z.object({ userId: z.uuid() });

/**
 * An administrator with IMPERSONATE (after step-up IMPERSONATION) signs in as a user of their org
 * for a stated reason: a support session the user can see, read-only unless the owner allows
 * more. The user is mailed at once (the reaction to IMPERSONATION_STARTED). Refused on an owner
 * (403), on yourself, for another org's user (404), and from a support session.
 */
export const startSupportSession: Route = defineRoute(
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
  async ({ db, auth, params, body, req, res, audit, now, afterCommit, deps }) => {
    const { config } = deps;
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
);

/**
 * Opens a support session: a session of the user's own (60 minutes at most, 15 idle) that names
 * the administrator and the reason. The administrator's session is kept, to come back to. The
 * user is mailed at once (the reaction to IMPERSONATION_STARTED).
 */
async function startImpersonation(
  db: Executor,
  auth: AuthContext,
  input: { userId: string; reason: string; client: SignInClient; now: Date },
): Promise<{ token: string; session: SessionRow; dto: ImpersonationDTO }> {
  const user = await findUser(db, input.userId);
  if (!user) throw new Error('impersonated user vanished');
  const { token, session } = await createSession(db, {
    user,
    ...input.client,
    authMethods: ['impersonation'],
    now: input.now,
    impersonation: { byUserId: auth.user.id, bySessionId: auth.session.id, reason: input.reason },
  });
  return {
    token,
    session,
    dto: {
      realUser: { id: auth.user.id, name: auth.user.name },
      user: { id: user.id, name: user.name },
      reason: input.reason,
      startedAt: session.createdAt.toISOString(),
      expiresAt: session.absoluteExpiresAt.toISOString(),
      mode: await impersonationModeOf(db, auth.org.id),
    },
  };
}
