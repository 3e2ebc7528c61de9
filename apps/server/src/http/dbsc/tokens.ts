import { randomBytes } from 'node:crypto';
import type { HmacKey } from '../../core/keys.js';

/**
 * The two values the server makes itself (decision 025), both MACed under APP_SECRET so that
 * neither needs a row: the registration challenge a sign-in answer offers (bound to that session,
 * five minutes), and the bound cookie (bound to the session, `DBSC_COOKIE_SECONDS`).
 */
export const REGISTRATION_CHALLENGE_SECONDS = 300;
/** How long a refresh challenge (a 403's `Secure-Session-Challenge`) may be answered. */
export const REFRESH_CHALLENGE_SECONDS = 120;

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** `<expires, base36>.<nonce>.<mac>`: answerable only for `sessionId`, only until it expires. */
export function registrationChallenge(key: HmacKey, sessionId: string, now: Date): string {
  const expires = (seconds(now) + REGISTRATION_CHALLENGE_SECONDS).toString(36);
  const nonce = randomBytes(16).toString('base64url');
  return `${expires}.${nonce}.${key.sign(`register|${sessionId}|${expires}|${nonce}`)}`;
}

export function registrationChallengeProblem(
  key: HmacKey,
  challenge: string,
  sessionId: string,
  now: Date,
): 'challenge_unknown' | 'challenge_expired' | null {
  const [expires, nonce, mac, extra] = challenge.split('.');
  if (!expires || !nonce || !mac || extra !== undefined) return 'challenge_unknown';
  if (!key.verify(`register|${sessionId}|${expires}|${nonce}`, mac)) return 'challenge_unknown';
  return Number.parseInt(expires, 36) > seconds(now) ? null : 'challenge_expired';
}

/** A fresh refresh challenge: stored on the session, used once. */
export function refreshChallenge(): string {
  return randomBytes(24).toString('base64url');
}

/** `<expires, base36>.<mac>` for this session. */
export function boundCookieValue(
  key: HmacKey,
  sessionId: string,
  now: Date,
  lifetimeSeconds: number,
): string {
  const expires = (seconds(now) + lifetimeSeconds).toString(36);
  return `${expires}.${key.sign(`bound|${sessionId}|${expires}`)}`;
}

export function isValidBoundCookie(
  key: HmacKey,
  value: string | undefined,
  sessionId: string,
  now: Date,
): boolean {
  if (!value || value.length > 128) return false;
  const [expires, mac, extra] = value.split('.');
  if (!expires || !mac || extra !== undefined) return false;
  if (Number.parseInt(expires, 36) <= seconds(now)) return false;
  return key.verify(`bound|${sessionId}|${expires}`, mac);
}
