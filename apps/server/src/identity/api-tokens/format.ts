import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * An API token: `gh_pat_` + 43 base64url characters of 32 random bytes + 6 base62 characters of
 * the CRC32 of that body. The prefix lets secret scanners find a leaked token; the checksum lets
 * them (and us) reject a mistyped or made-up one without a database read.
 */
export const TOKEN_PREFIX = 'gh_pat_';
const BODY_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SHAPE = new RegExp(
  `^${TOKEN_PREFIX}[A-Za-z0-9_-]{${BODY_LENGTH}}[0-9A-Za-z]{${CHECKSUM_LENGTH}}$`,
);

function base62(value: number, width: number): string {
  let text = '';
  let rest = value;
  for (let i = 0; i < width; i += 1) {
    text = BASE62[rest % 62] + text;
    rest = Math.floor(rest / 62);
  }
  return text;
}

function checksumOf(body: string): string {
  return base62(crc32(body), CHECKSUM_LENGTH);
}

/** A new token (shown once) with what is stored of it: its sha256 and last four characters. */
export function generateApiToken(): { token: string; hash: Buffer; lastFour: string } {
  const body = randomBytes(32).toString('base64url');
  const token = `${TOKEN_PREFIX}${body}${checksumOf(body)}`;
  return { token, hash: hashApiToken(token), lastFour: token.slice(-4) };
}

/** Whether a string has a token's shape and a matching checksum (no database read). */
export function isWellFormedApiToken(token: string): boolean {
  if (!SHAPE.test(token)) return false;
  const body = token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + BODY_LENGTH);
  return token.slice(-CHECKSUM_LENGTH) === checksumOf(body);
}

export function hashApiToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
