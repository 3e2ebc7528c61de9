import {
  forgotPasswordRequestSchema,
  forgotPasswordResponseSchema,
  resetLinkCheckQuerySchema,
  resetLinkCheckResponseSchema,
  resetPasswordRequestSchema,
} from '@gatehouse/shared';
import type { AuditEmitter } from '../../audit/index.js';
import type { AppDeps } from '../../deps.js';
import { type ClientInfo, deviceIdHashesOf } from '../../http/client-info.js';
import { runJob } from '../../http/job.js';
import { defineRoute, type Route } from '../../http/route.js';
import { knownDeviceHash } from '../../identity/index.js';
import { checkResetLink } from './check.js';
import { mailResetLink, resetPassword } from './service.js';
import { countForgotRequest } from './throttle.js';

/** How long after the answer the account-dependent work starts. */
const ANSWER_GRACE_MS = 50;

export function passwordResetRoutes(deps: AppDeps): Route[] {
  const { config, keys } = deps;

  /** Looks the email up and mails a link in a transaction of its own, after the answer. */
  const mailLinkLater = (
    email: string,
    client: ClientInfo,
    now: Date,
    answered: Promise<void>,
  ): void => {
    const who = { orgId: null, actorUserId: null, ip: client.ip, userAgent: client.userAgent };
    deps.background.run('password reset link', async () => {
      await answered;
      await runJob(deps, who, now, async (tx, audit: AuditEmitter<'PASSWORD_RESET_REQUESTED'>) => {
        // Its reaction mails the link, inside this job's transaction.
        const mailed = await mailResetLink(tx, email, { now, appUrl: config.appUrl, audit });
        return { result: mailed, action: mailed ? 'PASSWORD_RESET_REQUESTED' : undefined };
      });
    });
  };

  return [
    defineRoute(
      {
        method: 'post',
        path: '/auth/password/forgot',
        tag: 'auth',
        access: 'public',
        status: 202,
        summary: 'Mail a password-reset link; the same answer whether or not the email exists',
        body: forgotPasswordRequestSchema,
        response: forgotPasswordResponseSchema,
      },
      async ({ db, body, req, client, res, now, afterCommit }) => {
        // One query whether or not the email has an account; only its owner's browsers are known.
        const hashes = deviceIdHashesOf(req, deps);
        const knownDevice = await knownDeviceHash(db, { email: body.email }, hashes);
        await countForgotRequest(db, { email: body.email, ip: client.ip, knownDevice, now });
        // Everything that depends on the account happens after the answer (decision 014).
        const seen = { ip: client.ip, userAgent: client.userAgent };
        // Started a moment after the answer went out: embedded PGlite runs on this thread, and
        // its work must not slow the delivery of this response (decision 014).
        const answered = new Promise<void>((resolve) =>
          res.once('close', () => setTimeout(resolve, ANSWER_GRACE_MS)),
        );
        afterCommit(() => mailLinkLater(body.email, seen, now, answered));
        return { accepted: true as const };
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/auth/password/reset/check',
        tag: 'auth',
        access: 'public',
        summary:
          'Whose account a reset link resets, without using it; 400 RESET_TOKEN_INVALID for a used or expired link',
        query: resetLinkCheckQuerySchema,
        response: resetLinkCheckResponseSchema,
      },
      async ({ db, query, client, now, onFailure }) =>
        checkResetLink(db, query.token, { ip: client.ip, now, onFailure }),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/auth/password/reset',
        tag: 'auth',
        access: 'public',
        summary:
          'Set a new password with a reset link (and the second factor when enrolled); every session ends',
        body: resetPasswordRequestSchema,
        audit: 'PASSWORD_RESET',
      },
      async ({ db, body, req, audit, now, onFailure }) => {
        await resetPassword(db, keys, body, {
          now,
          onFailure,
          audit,
          appUrl: config.appUrl,
          deviceIdHashes: deviceIdHashesOf(req, deps),
        });
      },
    ),
  ];
}
