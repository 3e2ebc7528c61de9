import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A 256-bit random token, base64url: what the session cookie carries. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest of a token is ever stored. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function hmac(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\0${value}`).digest('base64url');
}

/** CSRF token bound to a session id: derivable, so nothing extra is stored (HMAC double submit). */
export function csrfTokenFor(secret: string, sessionId: string): string {
  return hmac(secret, 'csrf', sessionId);
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
