/** The one catalogue of error codes and their HTTP status (DESIGN §7). */
export const ERROR_STATUS = {
  INVALID_JSON: 400,
  INVALID_OTP: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  IP_BLOCKED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  STEP_UP_REQUIRED: 428,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Why a request carried no usable session (401 `reason`). */
export const UNAUTHENTICATED_REASONS = [
  'no_session',
  'session_expired',
  'session_revoked',
  'session_invalidated',
] as const;
export type UnauthenticatedReason = (typeof UNAUTHENTICATED_REASONS)[number];

export interface ValidationIssue {
  path: string;
  message: string;
}

export interface ApiErrorBody {
  error: ErrorCode;
  message: string;
  reason?: UnauthenticatedReason;
  issues?: ValidationIssue[];
  [extra: string]: unknown;
}
