import {
  apiErrorBodySchema,
  type ErrorBody,
  type ErrorCode,
  errorBaseSchema,
  UNAUTHENTICATED_REASONS,
  type UnauthenticatedReason,
  type ValidationIssue,
} from '@gatehouse/shared';

/** Codes the client gives failures that never got a readable answer from the API. */
export type ClientErrorCode = 'NETWORK' | 'BAD_RESPONSE';

/** A failed API call, typed: the status, the DESIGN §7 code and whatever else the body said. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    readonly body: ErrorBody | null = null,
    readonly retryAfterSeconds?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ApiError';
  }

  /** Why a 401 found no session (a sign-out's reason); undefined for any other answer. */
  get reason(): UnauthenticatedReason | undefined {
    const reason = this.body?.error === 'UNAUTHENTICATED' ? this.body.reason : undefined;
    return (UNAUTHENTICATED_REASONS as readonly string[]).includes(reason ?? '')
      ? (reason as UnauthenticatedReason)
      : undefined;
  }

  /** A force logout's reason as the administrator wrote it (already inside “…”), if they did. */
  get note(): string | undefined {
    return this.body?.error === 'UNAUTHENTICATED' ? this.body.note : undefined;
  }

  /** `session_limit`: the device whose sign-in took this session's place, as the server said. */
  get replacedBy(): string | undefined {
    if (this.body?.error !== 'UNAUTHENTICATED') return undefined;
    return this.body.device ?? undefined;
  }

  get issues(): ValidationIssue[] {
    return this.body?.issues ?? [];
  }

  /** The message for one field, from the answer's issues (422, 400 INVALID_PASSWORD…). */
  fieldError(path: string): string | undefined {
    return this.issues.find((i) => i.path === path)?.message;
  }
}

export function networkError(cause: unknown): ApiError {
  return new ApiError(
    0,
    'NETWORK',
    'Could not reach Gatehouse. Check your connection.',
    null,
    undefined,
    {
      cause,
    },
  );
}

/** An answer that is not what the shared schema says: a bug or a version skew, never a crash. */
export function badResponse(status: number, cause?: unknown): ApiError {
  return new ApiError(
    status,
    'BAD_RESPONSE',
    'Gatehouse sent an answer this page could not read. Reload the page and try again.',
    null,
    undefined,
    { cause },
  );
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return undefined;
  }
}

function retryAfter(res: Response): number | undefined {
  const seconds = Number(res.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/**
 * Builds an ApiError from a failed response, whose body may or may not be our JSON error. A body
 * whose code we know but whose details do not read (a newer server) still says what happened.
 */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const json = await readJson(res);
  const parsed = apiErrorBodySchema.safeParse(json);
  if (!parsed.success) {
    const known = errorBaseSchema.safeParse(json);
    if (known.success)
      return new ApiError(res.status, known.data.error, known.data.message, null, retryAfter(res));
    // Not our JSON (a proxy's error page, say): keep the status, say what happened plainly.
    return new ApiError(
      res.status,
      'BAD_RESPONSE',
      `Something went wrong (${res.status}${res.statusText ? ` ${res.statusText}` : ''}). Try again in a moment.`,
      null,
      retryAfter(res),
      { cause: parsed.error },
    );
  }
  const body = parsed.data;
  return new ApiError(res.status, body.error, body.message, body, retryAfter(res));
}

/** A step-up the user closed: the action did not happen, and there is nothing to report. */
export function isStepUpCancelled(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'STEP_UP_REQUIRED';
}

function minutes(seconds: number | undefined): string {
  const n = Math.ceil((seconds ?? 60) / 60);
  return n === 1 ? '1 minute' : `${n} minutes`;
}

/** Every refused write of a read-only support session says the same, whichever page it is on. */
export const READ_ONLY_MESSAGE =
  'You are impersonating in read-only mode: you can look around, but not change anything.';

/** The sentence to show for a failure, or null when nothing should be shown. */
export function errorMessage(error: unknown, fallback = 'Something went wrong'): string | null {
  if (error === null || error === undefined || isStepUpCancelled(error)) return null;
  if (!(error instanceof ApiError)) return fallback;
  if (error.code === 'RATE_LIMITED')
    return `Too many attempts. Try again in ${minutes(error.retryAfterSeconds)}.`;
  if (error.code === 'IMPERSONATION_READ_ONLY') return READ_ONLY_MESSAGE;
  return error.message;
}
