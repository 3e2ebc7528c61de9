import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { isTransient } from './query-client';

describe('isTransient', () => {
  it('retries a lost connection and an unavailable server, twice at most', () => {
    expect(isTransient(0, new ApiError(0, 'NETWORK', 'offline'))).toBe(true);
    expect(isTransient(1, new ApiError(503, 'UNAVAILABLE', 'db down'))).toBe(true);
    expect(isTransient(2, new ApiError(503, 'UNAVAILABLE', 'db down'))).toBe(false);
  });

  it('never retries an answer that would be the same again', () => {
    expect(isTransient(0, new ApiError(401, 'UNAUTHENTICATED', 'signed out'))).toBe(false);
    expect(isTransient(0, new ApiError(404, 'NOT_FOUND', 'gone'))).toBe(false);
    expect(isTransient(0, new ApiError(200, 'BAD_RESPONSE', 'unreadable'))).toBe(false);
    expect(isTransient(0, new Error('a bug'))).toBe(false);
  });
});
