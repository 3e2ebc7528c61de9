import type { StepUpRequiredBody } from '@gatehouse/shared';
import { ApiError, errorFromResponse } from './errors';

export { ApiError };

/** What the app plugs into the client: where the CSRF token comes from and how 401/428 are met. */
export interface ClientHooks {
  csrfToken(): string | null;
  /** A 401 UNAUTHENTICATED on a call that expected a session. */
  onUnauthenticated(reason: string): void;
  /** A 428: resolves true once the user verified, false if they gave up. */
  onStepUpRequired(challenge: StepUpRequiredBody): Promise<boolean>;
  /** An authenticated answer said when the session ends (X-Session-*-Expires-At, Date). */
  onSessionTimes?(times: SessionTimesHeaders): void;
}

export interface SessionTimesHeaders {
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  serverDate: string | null;
}

function reportSessionTimes(res: Response): void {
  const idleExpiresAt = res.headers.get('x-session-idle-expires-at');
  const absoluteExpiresAt = res.headers.get('x-session-absolute-expires-at');
  if (idleExpiresAt && absoluteExpiresAt)
    hooks.onSessionTimes?.({
      idleExpiresAt,
      absoluteExpiresAt,
      serverDate: res.headers.get('date'),
    });
}

let hooks: ClientHooks = {
  csrfToken: () => null,
  onUnauthenticated: () => undefined,
  onStepUpRequired: async () => false,
};

export function configureClient(next: ClientHooks): void {
  hooks = next;
}

export interface RequestOptions {
  /** Set for calls where a 401 is an answer, not an event (sign-in, the first session probe). */
  expectUnauthenticated?: boolean;
  fetchImpl?: typeof fetch;
}

async function send(
  method: string,
  path: string,
  body: unknown,
  fetchImpl: typeof fetch,
): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A FormData body (file upload) sets its own multipart Content-Type with the boundary.
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) headers['Content-Type'] = 'application/json';
  const csrf = hooks.csrfToken();
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  try {
    return await fetchImpl(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Could not reach Gatehouse. Check your connection.');
  }
}

/** The one way the SPA talks to the API. A 428 opens step-up and retries the call once. */
export async function apiRequest<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const fetchImpl = options.fetchImpl ?? fetch;
  let res = await send(method, path, body, fetchImpl);
  if (res.status === 428) {
    const challenge = await errorFromResponse(res);
    const verified = await hooks.onStepUpRequired(challenge.body as unknown as StepUpRequiredBody);
    if (!verified) throw challenge;
    res = await send(method, path, body, fetchImpl);
  }
  reportSessionTimes(res);
  if (!res.ok) {
    const error = await errorFromResponse(res);
    if (error.code === 'UNAUTHENTICATED' && !options.expectUnauthenticated)
      hooks.onUnauthenticated(error.reason ?? 'no_session');
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) =>
    apiRequest<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    apiRequest<T>('POST', path, body ?? {}, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    apiRequest<T>('PATCH', path, body, options),
  delete: <T>(path: string, options?: RequestOptions) =>
    apiRequest<T>('DELETE', path, undefined, options),
};
