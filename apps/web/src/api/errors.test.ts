import { describe, expect, it } from 'vitest';
import { ApiError, errorFromResponse, errorMessage } from './errors';

describe('errorMessage', () => {
  it('says nothing for no error, or for a step-up the user closed', () => {
    expect(errorMessage(null)).toBeNull();
    expect(errorMessage(new ApiError(428, 'STEP_UP_REQUIRED', 'Verify first'))).toBeNull();
  });

  it('says how long to wait when rate limited, in whole minutes', () => {
    const limited = new ApiError(429, 'RATE_LIMITED', 'Too many', null, 61);
    expect(errorMessage(limited)).toBe('Too many attempts. Try again in 2 minutes.');
  });

  it('says a refused write of a read-only support session the same way everywhere', () => {
    const refused = new ApiError(403, 'IMPERSONATION_READ_ONLY', 'Read only');
    expect(errorMessage(refused, 'Upload failed')).toMatch(/impersonating in read-only mode/);
  });

  it("gives the server's message, or the caller's fallback for something that is not an ApiError", () => {
    expect(errorMessage(new ApiError(413, 'STORAGE_QUOTA_EXCEEDED', 'Storage is full'))).toBe(
      'Storage is full',
    );
    expect(errorMessage(new TypeError('x is undefined'), 'Upload failed')).toBe('Upload failed');
  });
});

describe('errorFromResponse', () => {
  it('reads the issues of a field error', async () => {
    const res = new Response(
      JSON.stringify({
        error: 'INVALID_PASSWORD',
        message: 'Wrong password',
        issues: [{ path: 'password', message: 'Wrong password' }],
      }),
      { status: 400 },
    );
    const error = await errorFromResponse(res);
    expect(error).toMatchObject({ status: 400, code: 'INVALID_PASSWORD' });
    expect(error.fieldError('password')).toBe('Wrong password');
    expect(error.fieldError('code')).toBeUndefined();
  });

  it('refuses a body whose code is not in the catalogue', async () => {
    const res = new Response(JSON.stringify({ error: 'TEAPOT', message: 'short and stout' }), {
      status: 418,
    });
    await expect(errorFromResponse(res)).resolves.toMatchObject({
      status: 418,
      code: 'BAD_RESPONSE',
    });
  });
});

describe('a 409 in words', () => {
  const conflict = (body: object) =>
    errorFromResponse(new Response(JSON.stringify(body), { status: 409, statusText: 'Conflict' }));

  it('reads a self-lockout with its address, never as "Something went wrong (409 Conflict)"', async () => {
    const error = await conflict({
      error: 'CONFLICT',
      message: 'This change would block your own address (192.0.2.1)',
      reason: 'self_lockout',
      yourIp: '192.0.2.1',
    });
    expect(error.code).toBe('CONFLICT');
    expect(error.body?.error === 'CONFLICT' && error.body.yourIp).toBe('192.0.2.1');
    expect(errorMessage(error)).toBe('This change would block your own address (192.0.2.1)');
  });

  it('reads every 409 the server sends: a duplicate, the owners a rule would block, the last owner', async () => {
    for (const body of [
      {
        error: 'CONFLICT',
        message: 'A deny rule for 192.0.2.0/24 already exists',
        reason: 'duplicate',
      },
      { error: 'CONFLICT', message: 'The filter now matches 2 session(s), not 3', matching: 2 },
      {
        error: 'WOULD_BLOCK_OWNER',
        message: 'Only an owner can make it.',
        owners: [{ id: 'o', name: 'Olive' }],
      },
      { error: 'LAST_OWNER', message: 'Make someone else an owner first' },
    ]) {
      const error = await conflict(body);
      expect(error.code, body.message).toBe(body.error);
      expect(errorMessage(error)).toBe(body.message);
    }
  });

  it('keeps the code and message of a body whose details it cannot read', async () => {
    const error = await conflict({
      error: 'WOULD_BLOCK_OWNER',
      message: 'Only an owner',
      owners: 3,
    });
    expect(error).toMatchObject({
      code: 'WOULD_BLOCK_OWNER',
      message: 'Only an owner',
      body: null,
    });
  });
});
