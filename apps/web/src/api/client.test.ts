import { mfaStatusResponseSchema } from '@gatehouse/shared';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiRequest, type ClientHooks, configureClient, noContent } from './client';

function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

const challenge = {
  error: 'STEP_UP_REQUIRED',
  message: 'Verify first',
  purpose: 'MFA_CHANGE',
  methods: ['password'],
};
const status = { enabled: true, recoveryCodesLeft: 9 };

let hooks: ClientHooks;
beforeEach(() => {
  hooks = {
    csrfToken: () => 'csrf-1',
    onUnauthenticated: vi.fn(),
    onStepUpRequired: vi.fn(async () => false),
  };
  configureClient(hooks);
});

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

describe('apiRequest', () => {
  it('sends the CSRF token on writes and not on reads', async () => {
    const fetchImpl = vi.fn(async (_path: RequestInfo | URL, _init?: RequestInit) =>
      jsonResponse(200, status),
    );
    await apiRequest('POST', '/api/x', mfaStatusResponseSchema, { body: {}, fetchImpl });
    await apiRequest('GET', '/api/x', mfaStatusResponseSchema, { fetchImpl });
    const headersOf = (call: number) => new Headers(fetchImpl.mock.calls[call]?.[1]?.headers);
    expect(headersOf(0).get('X-CSRF-Token')).toBe('csrf-1');
    expect(headersOf(1).get('X-CSRF-Token')).toBeNull();
  });

  it('returns the answer as parsed by its shared schema', async () => {
    const fetchImpl = vi.fn(async () => jsonResponse(200, { ...status, extra: 'dropped' }));
    await expect(
      apiRequest('GET', '/api/security/mfa', mfaStatusResponseSchema, { fetchImpl }),
    ).resolves.toEqual(status);
  });

  it('turns an answer that does not match its schema into an ApiError, not a crash', async () => {
    const wrongShape = vi.fn(async () => jsonResponse(200, { enabled: 'yes' }));
    const notJson = vi.fn(async () => new Response('<html>', { status: 200 }));
    for (const fetchImpl of [wrongShape, notJson]) {
      const error = await failureOf(
        apiRequest('GET', '/api/security/mfa', mfaStatusResponseSchema, { fetchImpl }),
      );
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 200, code: 'BAD_RESPONSE' });
    }
  });

  it('reads an answer without content as undefined', async () => {
    const fetchImpl = vi.fn(async () => new Response(null, { status: 204 }));
    await expect(
      apiRequest('POST', '/api/auth/logout', noContent, { fetchImpl }),
    ).resolves.toBeUndefined();
  });

  it('turns an error body into a typed ApiError with field issues and Retry-After', async () => {
    const fetchImpl = vi.fn(async () =>
      jsonResponse(
        429,
        { error: 'RATE_LIMITED', message: 'Too many', issues: [{ path: 'email', message: 'bad' }] },
        { 'retry-after': '90' },
      ),
    );
    const error = await failureOf(
      apiRequest('POST', '/api/x', mfaStatusResponseSchema, { body: {}, fetchImpl }),
    );
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 90 });
    expect(error instanceof ApiError && error.fieldError('email')).toBe('bad');
  });

  it('keeps the status of an error page that is not ours', async () => {
    const fetchImpl = vi.fn(
      async () => new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }),
    );
    const error = await failureOf(
      apiRequest('GET', '/api/x', mfaStatusResponseSchema, { fetchImpl }),
    );
    expect(error).toMatchObject({ status: 502, code: 'BAD_RESPONSE' });
    expect(error instanceof ApiError && error.message).toMatch(/502 Bad Gateway/);
  });

  it('reports a 401 with its reason unless the call expects one', async () => {
    const fetchImpl = vi.fn(async () =>
      jsonResponse(401, { error: 'UNAUTHENTICATED', message: 'x', reason: 'session_revoked' }),
    );
    await failureOf(apiRequest('GET', '/api/x', mfaStatusResponseSchema, { fetchImpl }));
    expect(hooks.onUnauthenticated).toHaveBeenCalledWith('session_revoked', {
      note: undefined,
      device: undefined,
    });
    await failureOf(
      apiRequest('GET', '/api/x', mfaStatusResponseSchema, {
        fetchImpl,
        expectUnauthenticated: true,
      }),
    );
    expect(hooks.onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('passes on a force logout’s note with its reason', async () => {
    const note = '“Your laptop was reported stolen”';
    const fetchImpl = vi.fn(async () =>
      jsonResponse(401, { error: 'UNAUTHENTICATED', message: 'x', reason: 'forced_logout', note }),
    );
    await failureOf(apiRequest('GET', '/api/x', mfaStatusResponseSchema, { fetchImpl }));
    expect(hooks.onUnauthenticated).toHaveBeenCalledWith('forced_logout', {
      note,
      device: undefined,
    });
  });

  it('on 428 asks for step-up with the parsed challenge and retries the request once', async () => {
    hooks.onStepUpRequired = vi.fn(async () => true);
    const fetchImpl = vi
      .fn()
      .mockResolvedValueOnce(jsonResponse(428, challenge))
      .mockResolvedValueOnce(jsonResponse(200, status));
    await expect(
      apiRequest('POST', '/api/security/mfa/totp/setup', mfaStatusResponseSchema, {
        body: {},
        fetchImpl,
      }),
    ).resolves.toEqual(status);
    expect(hooks.onStepUpRequired).toHaveBeenCalledWith({
      error: 'STEP_UP_REQUIRED',
      message: 'Verify first',
      purpose: 'MFA_CHANGE',
      methods: ['password'],
    });
    expect(fetchImpl).toHaveBeenCalledTimes(2);
  });

  it('asks only once: a second 428 after verifying is an error, not another prompt', async () => {
    hooks.onStepUpRequired = vi.fn(async () => true);
    const fetchImpl = vi.fn(async () => jsonResponse(428, challenge));
    const error = await failureOf(
      apiRequest('POST', '/api/revoke', mfaStatusResponseSchema, { body: {}, fetchImpl }),
    );
    expect(error).toMatchObject({ status: 428, code: 'STEP_UP_REQUIRED' });
    expect(hooks.onStepUpRequired).toHaveBeenCalledTimes(1);
    expect(fetchImpl).toHaveBeenCalledTimes(2);
  });

  it('gives up with the 428 error when the user cancels step-up', async () => {
    const fetchImpl = vi.fn(async () => jsonResponse(428, challenge));
    await expect(
      apiRequest('POST', '/api/revoke', mfaStatusResponseSchema, { body: {}, fetchImpl }),
    ).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('does not open step-up for a 428 whose body is not a challenge', async () => {
    const fetchImpl = vi.fn(async () =>
      jsonResponse(428, { error: 'STEP_UP_REQUIRED', message: 'm', purpose: 'NOT_A_PURPOSE' }),
    );
    const error = await failureOf(
      apiRequest('POST', '/api/revoke', mfaStatusResponseSchema, { body: {}, fetchImpl }),
    );
    expect(error).toMatchObject({ status: 428, code: 'BAD_RESPONSE' });
    expect(hooks.onStepUpRequired).not.toHaveBeenCalled();
  });

  it('says a lost connection plainly, but lets an abort through as an abort', async () => {
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(
      apiRequest('GET', '/api/x', mfaStatusResponseSchema, { fetchImpl: offline }),
    ).rejects.toMatchObject({ status: 0, code: 'NETWORK' });

    const controller = new AbortController();
    const aborted = vi.fn(async () => {
      controller.abort();
      throw new DOMException('The operation was aborted.', 'AbortError');
    });
    const error = await failureOf(
      apiRequest('GET', '/api/x', mfaStatusResponseSchema, {
        fetchImpl: aborted,
        signal: controller.signal,
      }),
    );
    expect(error).not.toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ name: 'AbortError' });
  });
});
