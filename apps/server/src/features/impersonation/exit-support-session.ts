import { successResponseSchema } from '@gatehouse/shared';
import type { Response } from 'express';
import type { AppConfig } from '../../config.js';
import { hashToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import {
  clearReturnCookie,
  clearSessionCookie,
  returnCookieName,
  sessionCookieName,
  setSessionCookie,
  tokenCookie,
} from '../../http/cookies.js';
import { AppError, unauthenticated } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { sessionProblem } from '../../identity/index.js';
import { recordSupportSessionEnd } from './ending.js';
import { type SessionOfUser, sessionByTokenHash, unrecordedSupportSessionOf } from './queries.js';

/**
 * The browser in a support session ends it and returns to the administrator's own session
 * (public, so that it works after the support session timed out; Origin is checked). Its end is
 * recorded once: its reads' summary and IMPERSONATION_ENDED, whose reaction mails the user. A
 * dead support cookie is 401 with nothing recorded; a browser not in a support session is 409.
 */
export const exitSupportSession: Route = defineRoute(
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
  async ({ db, req, res, audit, now, afterCommit, deps }) => {
    const { config } = deps;
    const { support, restore } = await exitTarget(config, db, req.cookies, res, now);
    // Nothing is recorded when the end already was (by the sweeper): only the cookie returns.
    if (support) await recordSupportSessionEnd(db, { audit, now }, support);
    afterCommit(() => {
      clearReturnCookie(res, config);
      if (restore) setSessionCookie(res, config, restore.token, restore.session.absoluteExpiresAt);
      else clearSessionCookie(res, config);
    });
    return { success: true as const };
  },
);

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
async function exitTarget(
  config: AppConfig,
  db: Executor,
  cookies: unknown,
  res: Response,
  now: Date,
) {
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
    own && returnToken && (!inSupport || inSupport.session.impersonatorSessionId === own.session.id)
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
