import type { CookieOptions, Response } from 'express';
import type { AppConfig } from '../config.js';

/** `__Host-` needs Secure, which a plain-http APP_URL (local development) cannot offer. */
export function sessionCookieName(config: AppConfig): string {
  return isSecure(config) ? '__Host-gh_session' : 'gh_session';
}

function isSecure(config: AppConfig): boolean {
  return config.appUrl.protocol === 'https:';
}

function sessionCookieOptions(config: AppConfig): CookieOptions {
  return { httpOnly: true, secure: isSecure(config), sameSite: 'lax', path: '/' };
}

export function setSessionCookie(
  res: Response,
  config: AppConfig,
  token: string,
  expires: Date,
): void {
  res.cookie(sessionCookieName(config), token, { ...sessionCookieOptions(config), expires });
}

export function clearSessionCookie(res: Response, config: AppConfig): void {
  res.clearCookie(sessionCookieName(config), sessionCookieOptions(config));
}

/**
 * While an administrator impersonates, their own session's token waits in this cookie (HttpOnly,
 * like the session cookie) and comes back when they exit.
 */
export function returnCookieName(config: AppConfig): string {
  return isSecure(config) ? '__Host-gh_return' : 'gh_return';
}

export function setReturnCookie(res: Response, config: AppConfig, token: string, expires: Date) {
  res.cookie(returnCookieName(config), token, { ...sessionCookieOptions(config), expires });
}

export function clearReturnCookie(res: Response, config: AppConfig): void {
  res.clearCookie(returnCookieName(config), sessionCookieOptions(config));
}

/** A cookie's value from the parsed jar, if it is a plausible token. */
export function tokenCookie(jar: unknown, name: string): string | undefined {
  const token: unknown =
    typeof jar === 'object' && jar !== null ? Reflect.get(jar, name) : undefined;
  return typeof token === 'string' && token.length > 0 && token.length <= 128 ? token : undefined;
}
