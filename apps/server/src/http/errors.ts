import {
  type ApiErrorBody,
  ERROR_STATUS,
  type ErrorCode,
  type UnauthenticatedReason,
  type ValidationIssue,
} from '@gatehouse/shared';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { QUOTED_REASON_MAX, quoted } from '../core/quoted-text.js';

/** The one error type services throw; its status comes from the shared catalogue. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

/**
 * 401 with the sign-out's reason. `note` is what an administrator wrote when forcing the user out,
 * quoted (decision 021) so the sign-in page shows it as their words, never as ours; `device`, for
 * `session_limit`, is the device whose sign-in took the session's place.
 */
export function unauthenticated(
  reason: UnauthenticatedReason,
  extra: { note?: string | null | undefined; device?: string | null | undefined } = {},
): AppError {
  const messages: Record<UnauthenticatedReason, string> = {
    no_session: 'Sign in to continue',
    session_expired: 'Your session expired',
    session_revoked: 'This session was signed out',
    session_invalidated: 'You were signed out everywhere',
    forced_logout: 'An administrator signed you out',
    password_changed: 'Your password was changed in another session',
    session_limit: 'You signed in on another device, which went over the session limit',
    device_proof_required: 'This device-bound session needs a fresh proof from its device',
  };
  if (reason === 'session_limit')
    return new AppError('UNAUTHENTICATED', messages[reason], {
      reason,
      device: extra.device ?? null,
    });
  return new AppError('UNAUTHENTICATED', messages[reason], {
    reason,
    ...(extra.note ? { note: quoted(extra.note, QUOTED_REASON_MAX) } : {}),
  });
}

export const notFound = (what = 'Resource'): AppError =>
  new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do that'): AppError =>
  new AppError('FORBIDDEN', message);

export function rateLimited(retryAfterSeconds: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError(
    'RATE_LIMITED',
    'Too many attempts; try again later',
    { retryAfterSeconds: seconds },
    { 'Retry-After': String(seconds) },
  );
}

export function validationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Errors raised by body-parser carry a `type` and a `status`. */
const bodyParserErrorSchema = z.object({ type: z.string(), status: z.number() });

const codedError = z.object({ code: z.string() });
const CONNECTION_ERROR = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|08\w{3}|57P0[1-3])$/;

/** A lost or refused database connection anywhere in the cause chain. */
function isDatabaseUnavailable(err: unknown): boolean {
  for (let current: unknown = err; current; ) {
    const parsed = codedError.safeParse(current);
    if (parsed.success && CONNECTION_ERROR.test(parsed.data.code)) return true;
    if (
      current instanceof Error &&
      /Connection terminated|connect ECONNREFUSED/.test(current.message)
    )
      return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

/** The SQLSTATE anywhere in the cause chain (Drizzle wraps the driver's error). */
function sqlState(err: unknown): string | undefined {
  for (let current: unknown = err; current; ) {
    const parsed = codedError.safeParse(current);
    if (parsed.success && /^[0-9A-Z]{5}$/.test(parsed.data.code)) return parsed.data.code;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err))
    return new AppError('UNAVAILABLE', 'The database does not answer');
  // A path parameter whose percent-encoding is not UTF-8 (the router cannot decode it).
  if (err instanceof URIError)
    return new AppError('BAD_REQUEST', 'The URL is not valid: it could not be decoded');
  // Class 22 (data exception): a value the database cannot store, sent by the client.
  if (sqlState(err)?.startsWith('22')) {
    return new AppError('VALIDATION_FAILED', 'The request contains a value that cannot be stored', {
      issues: [],
    });
  }
  if (err instanceof z.ZodError) {
    return new AppError('VALIDATION_FAILED', 'The request is not valid', {
      issues: validationIssues(err),
    });
  }
  const parsed = bodyParserErrorSchema.safeParse(err);
  if (!parsed.success) return undefined;
  switch (parsed.data.type) {
    case 'entity.parse.failed':
      return new AppError('INVALID_JSON', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding');
    default:
      return parsed.data.status < 500
        ? new AppError('BAD_REQUEST', 'The request could not be read')
        : undefined;
  }
}

export function sendError(res: Parameters<RequestHandler>[1], error: AppError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  const body: ApiErrorBody = { error: error.code, message: error.message, ...error.extra };
  res.status(error.status).json(body);
}

/** Maps every error to DESIGN §7's JSON; anything unknown is logged and answered 500 bare. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError) {
      sendError(res, appError);
      return;
    }
    logger.error(
      {
        error: loggableError(err),
        requestId: res.locals.requestId,
        method: req.method,
        path: redactPath(req.path),
      },
      'unhandled error',
    );
    if (res.headersSent) return;
    sendError(res, new AppError('INTERNAL', 'Something went wrong'));
  };
}

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}`));
};

/**
 * What of an error may be logged: never a query's parameters (they hold password hashes, token
 * digests, user text), nor the driver's `detail` (it quotes the offending values).
 */
export function loggableError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const query = Reflect.get(err, 'query');
  const cause = err.cause instanceof Error ? loggableError(err.cause) : undefined;
  const code = Reflect.get(err, 'code');
  // Drizzle's message is "Failed query: <sql>\nparams: <values>"; the driver's own is safe.
  const message = err.message.startsWith('Failed query:') ? 'database query failed' : err.message;
  return {
    type: err.name,
    message,
    ...(typeof query === 'string' ? { query } : {}),
    ...(typeof code === 'string' ? { code } : {}),
    ...(cause ? { cause } : {}),
    // Frames only: the first lines of a stack repeat the message (and a query's parameters).
    stack: err.stack
      ?.split('\n')
      .filter((line) => line.trimStart().startsWith('at '))
      .slice(0, 5)
      .join('\n'),
  };
}

/** Paths that carry a secret (share links) are logged without it. */
export function redactPath(path: string): string {
  return path.replace(/^\/s\/[^/]+/, '/s/[redacted]');
}
