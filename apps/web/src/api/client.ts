import { type StepUpRequiredBody, stepUpRequiredBodySchema } from '@gatehouse/shared';
import { z } from 'zod';
import { ApiError, badResponse, errorFromResponse, networkError } from './errors';

export { ApiError };

/** What a 401 said beside its reason: a force logout's note, the session limit's device. */
export interface SignedOutExtra {
  note?: string | undefined;
  device?: string | undefined;
}

/** What the app plugs into the client: where the CSRF token comes from and how 401/428 are met. */
export interface ClientHooks {
  csrfToken(): string | null;
  /**
   * A 401 on a call that expected a session: the session is gone (`note`: a force logout's reason;
   * `device`: at the session limit, the device whose sign-in took its place).
   */
  onUnauthenticated(reason: string, extra?: SignedOutExtra): void;
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

let hooks: ClientHooks = {
  csrfToken: () => null,
  onUnauthenticated: () => undefined,
  onStepUpRequired: async () => false,
};

export function configureClient(next: ClientHooks): void {
  hooks = next;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  /** TanStack Query's signal: a query nobody watches any more stops its request. */
  signal?: AbortSignal | undefined;
  /** Set for calls where a 401 is an answer, not an event (sign-in, the first session probe). */
  expectUnauthenticated?: boolean;
  /** Extra request headers (a tab's passive session check). */
  headers?: Record<string, string>;
  fetchImpl?: typeof fetch;
}

/** The answer of an endpoint that answers 204 No Content. */
export const noContent = z.undefined();

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

/** An abort is the caller's own doing: it travels as is, so TanStack Query sees a cancellation. */
function rethrowIfAborted(signal: AbortSignal | undefined, error: unknown): void {
  if (signal?.aborted) throw error;
}

async function send(method: Method, path: string, options: RequestOptions): Promise<Response> {
  const { body, signal } = options;
  const headers: Record<string, string> = { ...options.headers, Accept: 'application/json' };
  // A FormData body (file upload) sets its own multipart Content-Type with the boundary.
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) headers['Content-Type'] = 'application/json';
  const csrf = hooks.csrfToken();
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  try {
    return await (options.fetchImpl ?? fetch)(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (error: unknown) {
    rethrowIfAborted(signal, error);
    throw networkError(error);
  }
}

/** The 428's body: what to prove, and the error to throw if the user gives up. */
async function stepUpChallenge(
  res: Response,
): Promise<{ challenge: StepUpRequiredBody; error: ApiError }> {
  const error = await errorFromResponse(res);
  const parsed = stepUpRequiredBodySchema.safeParse(error.body);
  if (!parsed.success) throw badResponse(res.status, parsed.error);
  return { challenge: parsed.data, error };
}

async function parseAnswer<S extends z.ZodType>(
  res: Response,
  schema: S,
  signal: AbortSignal | undefined,
): Promise<z.output<S>> {
  let json: unknown;
  if (res.status !== 204) {
    try {
      json = await res.json();
    } catch (error: unknown) {
      rethrowIfAborted(signal, error);
      throw badResponse(res.status, error);
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw badResponse(res.status, parsed.error);
  return parsed.data;
}

/**
 * The one way the SPA talks to the API. Every answer is parsed with its shared schema; a 428
 * opens step-up and retries the call once; any failure is an ApiError.
 */
export async function apiRequest<S extends z.ZodType>(
  method: Method,
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  let res = await send(method, path, options);
  if (res.status === 428) {
    const { challenge, error } = await stepUpChallenge(res);
    if (!(await hooks.onStepUpRequired(challenge))) throw error;
    res = await send(method, path, options);
  }
  reportSessionTimes(res);
  if (!res.ok) {
    const error = await errorFromResponse(res);
    // 401 means one thing only: there is no session (DESIGN §5).
    if (res.status === 401 && !options.expectUnauthenticated)
      hooks.onUnauthenticated(error.reason ?? 'no_session', {
        note: error.note,
        device: error.replacedBy,
      });
    throw error;
  }
  return parseAnswer(res, schema, options.signal);
}

type CallOptions = Omit<RequestOptions, 'body'>;

export const api = {
  get: <S extends z.ZodType>(path: string, schema: S, options?: CallOptions) =>
    apiRequest('GET', path, schema, options),
  post: <S extends z.ZodType>(path: string, schema: S, body: unknown = {}, options?: CallOptions) =>
    apiRequest('POST', path, schema, { ...options, body }),
  patch: <S extends z.ZodType>(path: string, schema: S, body: unknown, options?: CallOptions) =>
    apiRequest('PATCH', path, schema, { ...options, body }),
  delete: <S extends z.ZodType>(path: string, schema: S, options?: CallOptions) =>
    apiRequest('DELETE', path, schema, options),
};
