/**
 * Anyone holding a reset link reads whose account it resets, without using it. Refused: a used,
 * expired, superseded or unknown link, or a disabled account's (400 RESET_TOKEN_INVALID), and
 * past 10 such refusals from an address within 15 minutes (429).
 */
import {
  type ResetLinkCheckResponse,
  resetLinkCheckQuerySchema,
  resetLinkCheckResponseSchema,
} from '@gatehouse/shared';
import { addressKey, recordFailure, type ThrottleRule, throttleWait } from '../../core/throttle.js';
import { hashToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import { rateLimited } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import type { OnFailure } from '../../identity/index.js';
import { findLiveResetToken } from './queries.js';
import { invalidResetToken } from './service.js';

export const checkResetLink: Route = defineRoute(
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
    readResetLink(db, query.token, { ip: client.ip, now, onFailure }),
);

/**
 * Checks that found no live link, per address (decision 022): a token is 256 random bits, so
 * this is not what keeps it secret; it keeps the check from being a free oracle to hammer.
 */
const RESET_CHECK_RULE = {
  limit: 10,
  windowMs: 15 * 60 * 1000,
} as const satisfies ThrottleRule;

const checkKey = (ip: string | null): string => `reset-check:ip:${addressKey(ip)}`;

/**
 * What the reset page reads of its link on load, without using it: the account it resets, or
 * 400 RESET_TOKEN_INVALID for a used, expired, superseded or unknown link (or a disabled
 * account), the same answer the reset itself gives. The email is given in full: the link was
 * mailed to that address, and whoever holds it can set the account's password anyway.
 */
async function readResetLink(
  db: Executor,
  token: string,
  context: { ip: string | null; now: Date; onFailure: OnFailure },
): Promise<ResetLinkCheckResponse> {
  const { ip, now } = context;
  const key = checkKey(ip);
  const wait = await throttleWait(db, key, RESET_CHECK_RULE, now);
  if (wait > 0) throw rateLimited(wait);
  const found = await findLiveResetToken(db, hashToken(token), now);
  if (!found || found.user.disabledAt) {
    context.onFailure((tx) => recordFailure(tx, key, RESET_CHECK_RULE, now));
    throw invalidResetToken();
  }
  return { account: { email: found.user.email, name: found.user.name } };
}
