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
