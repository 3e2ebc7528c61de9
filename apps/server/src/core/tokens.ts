import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit random token, base64url: what the session cookie (and share links) carry. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest of a token is ever stored. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
