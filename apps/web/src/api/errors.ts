import type { ErrorCode, ValidationIssue } from '@gatehouse/shared';

/** A failed API call, typed: the status, the DESIGN §7 code and whatever else the body said. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly body: Record<string, unknown> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get reason(): string | undefined {
    return typeof this.body.reason === 'string' ? this.body.reason : undefined;
  }

  get issues(): ValidationIssue[] {
    const issues = this.body.issues;
    if (!Array.isArray(issues)) return [];
    return issues.filter(
      (i): i is ValidationIssue =>
        typeof i === 'object' &&
        i !== null &&
        typeof i.path === 'string' &&
        typeof i.message === 'string',
    );
  }

  /** The message for one field, from a 422's issues. */
  fieldError(path: string): string | undefined {
    return this.issues.find((i) => i.path === path)?.message;
  }
}

/** Builds an ApiError from a response whose body may or may not be our JSON error. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await res.json();
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page): fall back to the status text.
  }
  const code = typeof body.error === 'string' ? (body.error as ErrorCode) : 'INTERNAL';
  const message =
    typeof body.message === 'string' ? body.message : res.statusText || 'Request failed';
  const retry = Number(res.headers.get('retry-after'));
  return new ApiError(
    res.status,
    code,
    message,
    body,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}
