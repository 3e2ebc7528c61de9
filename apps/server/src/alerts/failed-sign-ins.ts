import { quoted, shownAddress } from '../core/quoted-text.js';
import type { Executor } from '../db/client.js';
import type { UserRow } from '../db/rows.js';
import type { SignInClient } from '../http/client-info.js';
import { type AlertScope, raiseAlert } from './raise.js';

/** The wrong password that makes a burst: the tenth on one account within its window. */
export const FAILED_SIGN_INS_ALERT_AT = 10;

/**
 * The failed-sign-ins rule, run in a refused sign-in's failure transaction: when the account's
 * failures in the throttle window (every address, every browser) reach ten, the user and the
 * org's admins hear of it once. The tenth failure crosses the line once per window; keyed to no
 * device, the usual hour's deduplication folds a burst that runs on into the next window.
 */
export async function watchFailedSignIns(
  db: Executor,
  scope: AlertScope,
  failure: { user: UserRow; client: SignInClient; accountFailures: number; windowMs: number },
): Promise<void> {
  if (failure.accountFailures !== FAILED_SIGN_INS_ALERT_AT) return;
  const { client } = failure;
  const minutes = Math.round(failure.windowMs / 60_000);
  const last = `the last from ${shownAddress(client.ip, 'an unknown address')}`;
  await raiseAlert(db, scope, {
    type: 'failed_sign_ins',
    user: failure.user,
    origin: {
      ip: client.ip,
      country: client.geo?.country ?? null,
      city: client.geo?.city ?? null,
      device: client.device.label,
      deviceIdHash: null,
    },
    summary: `${FAILED_SIGN_INS_ALERT_AT} wrong passwords for your account within ${minutes} minutes, ${last}. Sign-in from unknown browsers is slowed down. If these were not you, someone may be guessing your password: choose a strong one and turn on two-factor authentication.`,
    adminSummary: (name) =>
      `${FAILED_SIGN_INS_ALERT_AT} wrong passwords for the account of ${quoted(name)} within ${minutes} minutes, ${last}.`,
  });
}
