import { z } from 'zod';
import { STEP_UP_METHODS, STEP_UP_PURPOSES } from './step-up.js';

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
  /** A passkey answer that does not verify (signature, challenge, origin, counter). */
  INVALID_PASSKEY: 400,
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
  /** The org requires passkeys of owners and admins: a password or a code does not suffice. */
  PASSKEY_REQUIRED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  /** An IP-rule change by someone who is not an owner that would block an owner (no `force`). */
  WOULD_BLOCK_OWNER: 409,
  /** The change would leave the organisation without an active owner. */
  LAST_OWNER: 409,
  /** Requiring passkeys of owners and admins while you have none yourself would lock you out. */
  OWN_PASSKEY_REQUIRED: 409,
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
  /** A sign-in on another device went over the org's session limit and ended this one. */
  'session_limit',
  /**
   * A device-bound session (DBSC) without a valid bound cookie: the browser that holds the key
   * renews it at /api/auth/dbsc/refresh (Chrome holds requests meanwhile); a copied session
   * cookie alone never gets one (decision 025).
   */
  'device_proof_required',
] as const;
export type UnauthenticatedReason = (typeof UNAUTHENTICATED_REASONS)[number];

export interface ValidationIssue {
  path: string;
  message: string;
}

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const validationIssueSchema = z
  .object({ path: z.string(), message: z.string() })
  .meta({ id: 'ValidationIssue' });

/** Why an API token was refused (401 on a token route). */
export const API_TOKEN_REFUSALS = ['invalid_token', 'token_expired', 'token_revoked'] as const;

/** Which 409 CONFLICT an IP-rule change met: it would block your own address, exists, or too many. */
export const CONFLICT_REASONS = ['self_lockout', 'duplicate', 'limit'] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

/**
 * The detail fields each code adds to DESIGN §7's `{error, message}`; a code not listed adds none
 * but `issues`. Adding a field to an error is one line here, and both sides read it typed.
 */
const ERROR_DETAILS = {
  UNAUTHENTICATED: {
    reason: z.enum([...UNAUTHENTICATED_REASONS, ...API_TOKEN_REFUSALS]).optional(),
    /** A force logout's reason, as the administrator wrote it, already inside “…”. */
    note: z.string().optional(),
    /** `session_limit`: the device whose sign-in took this session's place ("Chrome on macOS"). */
    device: z.string().nullable().optional(),
  },
  /** The two-step sign-in expired or was spent: start again from the password. */
  INVALID_CREDENTIALS: { restart: z.literal(true).optional() },
  IP_BLOCKED: { ip: z.string().nullable().optional() },
  INSUFFICIENT_SCOPE: { requiredScope: z.string().optional() },
  CONFLICT: {
    reason: z.enum(CONFLICT_REASONS).optional(),
    /** A self-lockout: the caller's address as the server sees it. */
    yourIp: z.string().nullable().optional(),
    /** A bulk sign-out whose count changed: how many sessions the filter matches now. */
    matching: z.number().int().optional(),
  },
  /** The owners a non-owner's IP-rule change would block (names only, never addresses). */
  WOULD_BLOCK_OWNER: { owners: z.array(z.object({ id: z.string(), name: z.string() })) },
  SECOND_FACTOR_REQUIRED: { methods: z.array(z.enum(STEP_UP_METHODS)).optional() },
  STEP_UP_REQUIRED: {
    purpose: z.enum(STEP_UP_PURPOSES),
    methods: z.array(z.enum(STEP_UP_METHODS)),
    mfaEnrollmentRequired: z.literal(true).optional(),
    description: z.string().optional(),
  },
  RATE_LIMITED: { retryAfterSeconds: z.number().int().optional() },
} as const satisfies Partial<Record<ErrorCode, z.ZodRawShape>>;

type DetailedCode = keyof typeof ERROR_DETAILS;
type PlainCode = Exclude<ErrorCode, DetailedCode>;
const PLAIN_CODES = ERROR_CODES.filter(
  (code): code is PlainCode => !Object.hasOwn(ERROR_DETAILS, code),
) as [PlainCode, ...PlainCode[]];

const base = { message: z.string(), issues: z.array(validationIssueSchema).optional() };
const bodyOf = <C extends DetailedCode>(code: C) =>
  z.looseObject({ error: z.literal(code), ...base, ...ERROR_DETAILS[code] });

/**
 * DESIGN §7's error body, one shape per code (narrow on `error`): `CONFLICT` carries `reason` and
 * `yourIp`, `WOULD_BLOCK_OWNER` its `owners`, `UNAUTHENTICATED` the sign-out `reason`…
 */
export const apiErrorBodySchema = z.discriminatedUnion('error', [
  bodyOf('UNAUTHENTICATED'),
  bodyOf('INVALID_CREDENTIALS'),
  bodyOf('IP_BLOCKED'),
  bodyOf('INSUFFICIENT_SCOPE'),
  bodyOf('CONFLICT'),
  bodyOf('WOULD_BLOCK_OWNER'),
  bodyOf('SECOND_FACTOR_REQUIRED'),
  bodyOf('STEP_UP_REQUIRED'),
  bodyOf('RATE_LIMITED'),
  z.looseObject({ error: z.enum(PLAIN_CODES), ...base }),
]);
/** An error body narrowed by its code (`body.error === 'CONFLICT'` gives `body.yourIp`). */
export type ErrorBody = z.infer<typeof apiErrorBodySchema>;
/** What the server builds for any code: the code, the message and the code's own fields. */
export interface ApiErrorBody {
  error: ErrorCode;
  message: string;
  [detail: string]: unknown;
}

/**
 * The code and message of a body whose details do not read as the schema says (a newer server,
 * say): enough to say what happened, with no detail trusted.
 */
export const errorBaseSchema = z.looseObject({ error: z.enum(ERROR_CODES), message: z.string() });
