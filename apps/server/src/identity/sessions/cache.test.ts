import { describe, expect, it } from 'vitest';
import type { AuthContext } from '../../http/auth-context.js';
import { SESSION_CACHE_TTL_MS, SessionCache } from './cache.js';

function fakeAuth(sessionId: string, userId: string, orgId = 'org-1'): AuthContext {
  return {
    session: { id: sessionId },
    user: { id: userId },
    org: { id: orgId },
    permissions: [],
  } as unknown as AuthContext;
}

describe('SessionCache', () => {
  it('serves what it cached until a NOTIFY names the session', () => {
    const cache = new SessionCache();
    cache.set('tok-a', fakeAuth('s1', 'u1'), 0, cache.currentEpoch);
    expect(cache.get('tok-a', 1)?.session.id).toBe('s1');
    cache.invalidate('s:s1');
    expect(cache.get('tok-a', 2)).toBeUndefined();
  });

  it('drops every session of a user on a user message, and of an org on an org message', () => {
    const cache = new SessionCache();
    cache.set('a', fakeAuth('s1', 'u1'), 0, cache.currentEpoch);
    cache.set('b', fakeAuth('s2', 'u1'), 0, cache.currentEpoch);
    cache.set('c', fakeAuth('s3', 'u2', 'org-2'), 0, cache.currentEpoch);
    cache.invalidate('u:u1');
    expect(cache.size).toBe(1);
    cache.invalidate('o:org-2');
    expect(cache.size).toBe(0);
  });

  it('does not cache a read that raced an invalidation', () => {
    const cache = new SessionCache();
    const epoch = cache.currentEpoch;
    cache.invalidate('s:s1');
    cache.set('tok-a', fakeAuth('s1', 'u1'), 0, epoch);
    expect(cache.get('tok-a', 0)).toBeUndefined();
  });

  it('fails closed: a lost listening connection empties the cache and stops serving from it', () => {
    const cache = new SessionCache();
    cache.set('tok-a', fakeAuth('s1', 'u1'), 0, cache.currentEpoch);
    cache.connectionLost();
    expect(cache.size).toBe(0);
    cache.set('tok-a', fakeAuth('s1', 'u1'), 0, cache.currentEpoch);
    expect(cache.get('tok-a', 0)).toBeUndefined();
    cache.connectionRestored();
    cache.set('tok-a', fakeAuth('s1', 'u1'), 0, cache.currentEpoch);
    expect(cache.get('tok-a', 0)?.session.id).toBe('s1');
  });

  it('re-reads an entry older than its time to live', () => {
    const cache = new SessionCache();
    cache.set('tok-a', fakeAuth('s1', 'u1'), 0, cache.currentEpoch);
    expect(cache.get('tok-a', SESSION_CACHE_TTL_MS + 1)).toBeUndefined();
  });
});
