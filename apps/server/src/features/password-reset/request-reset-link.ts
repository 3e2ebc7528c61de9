/**
 * Anyone asks for a reset link for an email: 202 whether or not it has an account, in the same
 * time (decision 014); the link is mailed after the answer. Refused: past the per-email,
 * per-address or overall throttles (429), counted whether or not the account exists.
 */
import { forgotPasswordRequestSchema, forgotPasswordResponseSchema } from '@gatehouse/shared';
import type { AuditEmitter } from '../../audit/index.js';
import type { Executor } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { type ClientInfo, deviceIdHashesOf } from '../../http/client-info.js';
import { runJob } from '../../http/job.js';
import { defineRoute, type Route } from '../../http/route.js';
import { findUserByEmail, knownDeviceHash } from '../../identity/index.js';
import { RESET_LINK } from './hand-overs.js';
import { issueResetToken } from './service.js';
import { countForgotRequest } from './throttle.js';

/** How long after the answer the account-dependent work starts. */
const ANSWER_GRACE_MS = 50;

export const requestResetLink: Route = defineRoute(
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
  async ({ db, body, req, client, res, now, deps, afterCommit }) => {
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
    afterCommit(() => mailLinkLater(deps, body.email, seen, now, answered));
    return { accepted: true as const };
  },
);

/** Looks the email up and mails a link in a transaction of its own, after the answer. */
function mailLinkLater(
  deps: AppDeps,
  email: string,
  client: ClientInfo,
  now: Date,
  answered: Promise<void>,
): void {
  const who = { orgId: null, actorUserId: null, ip: client.ip, userAgent: client.userAgent };
  deps.background.run('password reset link', async () => {
    await answered;
    await runJob(deps, who, now, async (tx, audit: AuditEmitter<'PASSWORD_RESET_REQUESTED'>) => {
      // Its reaction mails the link, inside this job's transaction.
      const mailed = await mailResetLink(tx, email, { now, appUrl: deps.config.appUrl, audit });
      return { result: mailed, action: mailed ? 'PASSWORD_RESET_REQUESTED' : undefined };
    });
  });
}

/**
 * "Forgot password?" for an address that may or may not have an account: when it has one (not
 * disabled), a fresh link is mailed in the same transaction and the request audited; otherwise
 * nothing happens. Run off the response path, so the answer's timing cannot tell the two apart.
 */
async function mailResetLink(
  db: Executor,
  email: string,
  context: { now: Date; appUrl: URL; audit: AuditEmitter<'PASSWORD_RESET_REQUESTED'> },
): Promise<boolean> {
  const user = await findUserByEmail(db, email);
  if (!user || user.disabledAt) return false;
  const { now, appUrl, audit } = context;
  const issued = await issueResetToken(db, user, now, { config: { appUrl } });
  // Mailed by the reaction to PASSWORD_RESET_REQUESTED; the link never reaches the row.
  audit.hand(RESET_LINK, issued.url);
  audit.actor(user);
  audit.set({
    targetType: 'user',
    targetId: user.id,
    metadata: { expiresAt: issued.expiresAt.toISOString() },
  });
  return true;
}
