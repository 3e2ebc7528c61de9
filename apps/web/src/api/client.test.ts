import { describe, expect, it, vi } from 'vitest';
import { apiRequest, configureClient } from './client';

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

describe('apiRequest', () => {
  it('sends the CSRF token on writes and not on reads', async () => {
    configureClient({
      csrfToken: () => 'csrf-1',
      onUnauthenticated: vi.fn(),
      onStepUpRequired: async () => false,
    });
    const fetchImpl = vi.fn(async () => jsonResponse(200, { ok: true }));
    await apiRequest('POST', '/api/x', {}, { fetchImpl });
    await apiRequest('GET', '/api/x', undefined, { fetchImpl });
    const headersOf = (call: number) =>
      (fetchImpl.mock.calls[call] as unknown as [string, RequestInit])[1].headers as Record<
        string,
        string
      >;
    expect(headersOf(0)['X-CSRF-Token']).toBe('csrf-1');
    expect(headersOf(1)['X-CSRF-Token']).toBeUndefined();
  });

  it('turns an error body into a typed ApiError with field issues and Retry-After', async () => {
    configureClient({
      csrfToken: () => null,
      onUnauthenticated: vi.fn(),
      onStepUpRequired: async () => false,
    });
    const fetchImpl = vi.fn(async () =>
      jsonResponse(
        429,
        { error: 'RATE_LIMITED', message: 'Too many', issues: [{ path: 'email', message: 'bad' }] },
        { 'retry-after': '90' },
      ),
    );
    const error = await apiRequest('POST', '/api/x', {}, { fetchImpl }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 90 });
    expect((error as { fieldError(p: string): string | undefined }).fieldError('email')).toBe(
      'bad',
    );
  });

  it('reports a 401 with its reason unless the call expects one', async () => {
    const onUnauthenticated = vi.fn();
    configureClient({
      csrfToken: () => null,
      onUnauthenticated,
      onStepUpRequired: async () => false,
    });
    const fetchImpl = vi.fn(async () =>
      jsonResponse(401, { error: 'UNAUTHENTICATED', message: 'x', reason: 'session_revoked' }),
    );
    await apiRequest('GET', '/api/x', undefined, { fetchImpl }).catch(() => undefined);
    expect(onUnauthenticated).toHaveBeenCalledWith('session_revoked');
    await apiRequest('GET', '/api/x', undefined, { fetchImpl, expectUnauthenticated: true }).catch(
      () => undefined,
    );
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('on 428 asks for step-up and retries the original request once', async () => {
    const onStepUpRequired = vi.fn(async () => true);
    configureClient({ csrfToken: () => 'c', onUnauthenticated: vi.fn(), onStepUpRequired });
    const fetchImpl = vi
      .fn()
      .mockResolvedValueOnce(
        jsonResponse(428, {
          error: 'STEP_UP_REQUIRED',
          message: 'm',
          purpose: 'REVOKE_SESSION',
          methods: ['password'],
        }),
      )
      .mockResolvedValueOnce(jsonResponse(200, { success: true }));
    await expect(apiRequest('POST', '/api/revoke', {}, { fetchImpl })).resolves.toEqual({
      success: true,
    });
    expect(onStepUpRequired).toHaveBeenCalledWith(
      expect.objectContaining({ purpose: 'REVOKE_SESSION' }),
    );
    expect(fetchImpl).toHaveBeenCalledTimes(2);
  });

  it('gives up with the 428 error when the user cancels step-up', async () => {
    configureClient({
      csrfToken: () => 'c',
      onUnauthenticated: vi.fn(),
      onStepUpRequired: async () => false,
    });
    const fetchImpl = vi.fn(async () =>
      jsonResponse(428, {
        error: 'STEP_UP_REQUIRED',
        message: 'm',
        purpose: 'REVOKE_SESSION',
        methods: ['password'],
      }),
    );
    await expect(apiRequest('POST', '/api/revoke', {}, { fetchImpl })).rejects.toMatchObject({
      code: 'STEP_UP_REQUIRED',
    });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });
});
