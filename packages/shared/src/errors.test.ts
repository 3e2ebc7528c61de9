import { describe, expect, it } from 'vitest';
import { apiErrorBodySchema, ERROR_CODES } from './errors.js';

/** The fields a code cannot do without; every other code needs only `error` and `message`. */
const REQUIRED: Record<string, object> = {
  WOULD_BLOCK_OWNER: { owners: [] },
  STEP_UP_REQUIRED: { purpose: 'FORCE_LOGOUT', methods: ['password'] },
};

describe('apiErrorBodySchema', () => {
  it('reads a body of every code in the catalogue', () => {
    for (const error of ERROR_CODES) {
      const body = { error, message: 'x', ...REQUIRED[error] };
      expect(apiErrorBodySchema.safeParse(body).success, error).toBe(true);
    }
  });

  it('reads each code’s own details: a self-lockout’s address, the owners a rule would block', () => {
    const lockout = apiErrorBodySchema.parse({
      error: 'CONFLICT',
      message: 'x',
      reason: 'self_lockout',
      yourIp: '192.0.2.1',
    });
    expect(lockout.error === 'CONFLICT' && lockout.yourIp).toBe('192.0.2.1');
    const owners = [{ id: 'o1', name: 'Olive Owner' }];
    const blocked = apiErrorBodySchema.parse({ error: 'WOULD_BLOCK_OWNER', message: 'x', owners });
    expect(blocked.error === 'WOULD_BLOCK_OWNER' && blocked.owners).toEqual(owners);
  });

  it('keeps a sign-out reason to 401s: a conflict’s reason is not a session’s', () => {
    expect(
      apiErrorBodySchema.safeParse({ error: 'UNAUTHENTICATED', message: 'x', reason: 'duplicate' })
        .success,
    ).toBe(false);
    expect(
      apiErrorBodySchema.safeParse({ error: 'CONFLICT', message: 'x', reason: 'forced_logout' })
        .success,
    ).toBe(false);
  });
});
