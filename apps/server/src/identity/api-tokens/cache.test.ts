import { describe, expect, it } from 'vitest';
import { SessionCache } from '../sessions/cache.js';
import { ApiTokenCache } from './cache.js';
import type { ApiTokenRow } from './queries.js';

const row = (id: string): ApiTokenRow => ({
  id,
  orgId: 'org',
  name: 'n',
  tokenHash: Buffer.alloc(32),
  lastFour: 'abcd',
  scopes: ['users:read'],
  createdBy: null,
  createdAt: new Date(0),
  expiresAt: null,
  lastUsedAt: null,
  lastUsedIp: null,
  revokedAt: null,
  revokedBy: null,
});

describe('ApiTokenCache', () => {
  it('drops a token on its t: payload and leaves the session cache alone', () => {
    const sessions = new SessionCache();
    const tokens = new ApiTokenCache(sessions);
    tokens.set('h1', row('a'), 0, tokens.currentEpoch);
    tokens.set('h2', row('b'), 0, tokens.currentEpoch);
    const sessionEpoch = sessions.currentEpoch;
    sessions.invalidate('t:a');
    expect(tokens.get('h1', 1)).toBeUndefined();
    expect(tokens.get('h2', 1)?.id).toBe('b');
    expect(sessions.currentEpoch).toBe(sessionEpoch);
  });

  it('does not cache a read that raced a revoke, and serves nothing while not listening', () => {
    const sessions = new SessionCache();
    const tokens = new ApiTokenCache(sessions);
    const epoch = tokens.currentEpoch;
    sessions.invalidate('t:a');
    tokens.set('h1', row('a'), 0, epoch);
    expect(tokens.get('h1', 1)).toBeUndefined();
    tokens.set('h2', row('b'), 0, tokens.currentEpoch);
    sessions.connectionLost();
    expect(tokens.get('h2', 1)).toBeUndefined();
    sessions.connectionRestored();
    expect(tokens.get('h2', 1)).toBeUndefined();
  });

  it('re-reads after its TTL', () => {
    const tokens = new ApiTokenCache(new SessionCache());
    tokens.set('h1', row('a'), 0, tokens.currentEpoch);
    expect(tokens.get('h1', 60_000)?.id).toBe('a');
    expect(tokens.get('h1', 60_001)).toBeUndefined();
  });
});
