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
