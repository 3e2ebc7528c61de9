import { describe, expect, it } from 'vitest';
import { generateApiToken, hashApiToken, isWellFormedApiToken, TOKEN_PREFIX } from './format.js';

describe('API token format', () => {
  it('is gh_pat_ + 43 base64url characters + a 6-character checksum', () => {
    const { token, hash, lastFour } = generateApiToken();
    expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(token).toHaveLength(TOKEN_PREFIX.length + 43 + 6);
    expect(isWellFormedApiToken(token)).toBe(true);
    expect(lastFour).toBe(token.slice(-4));
    expect(hash.equals(hashApiToken(token))).toBe(true);
    expect(hash).toHaveLength(32);
  });

  it('is different every time', () => {
    expect(generateApiToken().token).not.toBe(generateApiToken().token);
  });

  it('rejects a changed character, a wrong prefix and other shapes', () => {
    const { token } = generateApiToken();
    const i = TOKEN_PREFIX.length + 5;
    const swapped = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
    expect(isWellFormedApiToken(swapped)).toBe(false);
    expect(isWellFormedApiToken(token.replace('gh_pat_', 'gh_xyz_'))).toBe(false);
    expect(isWellFormedApiToken(token.slice(0, -1))).toBe(false);
    expect(isWellFormedApiToken('')).toBe(false);
    expect(isWellFormedApiToken(`${token} `)).toBe(false);
  });
});
