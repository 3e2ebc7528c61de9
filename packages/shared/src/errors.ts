import { z } from 'zod';

/** The one catalogue of error codes and their HTTP status (DESIGN §7). */
export const ERROR_STATUS = {
  INVALID_JSON: 400,
  INVALID_OTP: 400,
  /** A wrong password from a signed-in session (step-up, password change): never 401. */
  INVALID_PASSWORD: 400,
  /** A "This wasn't me" link that is unknown, used or expired. */
  INVALID_LINK: 400,
  BAD_REQUEST: 400,
  /** A password-reset link that is unknown, used, expired or replaced by a newer one. */
  RESET_TOKEN_INVALID: 400,
  /** The account has a second factor: the reset needs a TOTP code or a recovery code too. */
  SECOND_FACTOR_REQUIRED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  /** A write from an impersonation session the org has not opened to it. */
  IMPERSONATION_READ_ONLY: 403,
  /** The caller's address is outside the org's IP rules (sign-in and every session request). */
  IP_BLOCKED: 403,
  /** An API token used outside its scopes. */
  INSUFFICIENT_SCOPE: 403,
  /** The account must get a new password ("Forgot password?") before it can sign in again. */
  PASSWORD_RESET_REQUIRED: 403,
  /** An alert about yourself, or about something you did, is for someone else to acknowledge. */
  OWN_ALERT: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  /** An IP-rule change by someone who is not an owner that would block an owner (no `force`). */
  WOULD_BLOCK_OWNER: 409,
  /** The change would leave the organisation without an active owner. */
  LAST_OWNER: 409,
  PAYLOAD_TOO_LARGE: 413,
  STORAGE_QUOTA_EXCEEDED: 413,
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
  /** An administrator signed the user out everywhere (force logout). */
  'forced_logout',
  /** The password was changed (or reset) in another session, which signed this one out. */
  'password_changed',
] as const;
export type UnauthenticatedReason = (typeof UNAUTHENTICATED_REASONS)[number];

export interface ValidationIssue {
  path: string;
  message: string;
}

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const validationIssueSchema = z.object({ path: z.string(), message: z.string() });

/** DESIGN §7's error body; codes add fields of their own (`purpose`, `retryAfterSeconds`…). */
export const apiErrorBodySchema = z.looseObject({
  error: z.enum(ERROR_CODES),
  message: z.string(),
  reason: z.enum(UNAUTHENTICATED_REASONS).optional(),
  issues: z.array(validationIssueSchema).optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
