import { z } from 'zod';
import { ROLES } from '../permissions.js';
import { STEP_UP_METHODS, STEP_UP_PURPOSES } from '../step-up.js';
import { displayTextSchema, passwordSchema } from './common.js';
import { recoveryCodeSchema, totpCodeSchema } from './mfa.js';
import { authenticationResponseSchema } from './passkeys.js';

export const deviceSchema = z.object({
  label: z.string(),
  browser: z.string(),
  os: z.string(),
  type: z.enum(['desktop', 'mobile', 'tablet', 'unknown']),
});
export type DeviceDTO = z.infer<typeof deviceSchema>;

/** DESIGN §7 SessionDTO: a session as its owner and admins see it. Never carries the token. */
export const sessionSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  idleExpiresAt: z.iso.datetime(),
  absoluteExpiresAt: z.iso.datetime(),
  ip: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  userAgent: z.string().nullable(),
  device: deviceSchema,
  current: z.boolean(),
  impersonated: z.boolean(),
  /** The administrator behind a support session ("Support session by <name>"). */
  impersonator: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** The browser bound this session to a key it cannot export (DBSC, decision 025). */
  deviceBound: z.boolean(),
});
export type SessionDTO = z.infer<typeof sessionSchema>;

export const sessionsQuerySchema = z.object({ userId: z.uuid().optional() });
export const sessionsListResponseSchema = z.object({
  sessions: z.array(sessionSchema),
  currentSessionId: z.uuid(),
});
export type SessionsListResponse = z.infer<typeof sessionsListResponseSchema>;

export const revokeSessionResponseSchema = z.object({
  success: z.literal(true),
  currentRevoked: z.literal(true).optional(),
});
export type RevokeSessionResponse = z.infer<typeof revokeSessionResponseSchema>;

export const revokeOthersResponseSchema = z.object({
  success: z.literal(true),
  revoked: z.number().int(),
});
export type RevokeOthersResponse = z.infer<typeof revokeOthersResponseSchema>;

export const orgSessionSchema = sessionSchema.extend({
  user: z.object({ id: z.uuid(), name: z.string(), email: z.string(), role: z.enum(ROLES) }),
});
export type OrgSessionDTO = z.infer<typeof orgSessionSchema>;
export const DEVICE_TYPES = ['desktop', 'mobile', 'tablet', 'unknown'] as const;

/** Which of the org's live sessions an admin looks at (and may sign out all at once). */
export const orgSessionsFilterSchema = z.object({
  userId: z.uuid().optional(),
  deviceType: z.enum(DEVICE_TYPES).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'Give a two-letter country code')
    .optional(),
  /** Only sessions not seen for at least this many days. */
  notSeenDays: z.coerce.number().int().min(1).max(400).optional(),
});
export type OrgSessionsFilter = z.infer<typeof orgSessionsFilterSchema>;

export const orgSessionsQuerySchema = orgSessionsFilterSchema.extend({
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor from this API')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const orgSessionsResponseSchema = z.object({
  sessions: z.array(orgSessionSchema),
  nextCursor: z.string().nullable(),
  /**
   * How many of the filtered sessions "Sign out all matching" would end: never the caller's own,
   * and for an admin never an owner's.
   */
  matching: z.number().int(),
});
export type OrgSessionsResponse = z.infer<typeof orgSessionsResponseSchema>;

/**
 * "Sign out every session this filter matches". `expectedCount` is the count the admin was
 * shown: a different count now (sessions came or went) is a 409, so the confirmation is true.
 */
export const bulkRevokeRequestSchema = orgSessionsFilterSchema.extend({
  notSeenDays: z.number().int().min(1).max(400).optional(),
  expectedCount: z.number().int().min(0),
});
export type BulkRevokeRequest = z.infer<typeof bulkRevokeRequestSchema>;
export const bulkRevokeResponseSchema = z.object({ revoked: z.number().int() });

export const FORCE_LOGOUT_REASON_MAX = 200;

/**
 * A force logout's optional reason, shown to the user on the sign-in page and recorded in the
 * audit entry; an empty one is no reason. The body itself is optional.
 */
export const forceLogoutRequestSchema = z.object({
  reason: displayTextSchema()
    .trim()
    .max(FORCE_LOGOUT_REASON_MAX, `Keep the reason under ${FORCE_LOGOUT_REASON_MAX} characters`)
    .optional(),
});
export type ForceLogoutRequest = z.infer<typeof forceLogoutRequestSchema>;

export const forceLogoutResponseSchema = z.object({
  success: z.literal(true),
  revoked: z.number().int(),
});
export type ForceLogoutResponse = z.infer<typeof forceLogoutResponseSchema>;

export const cleanupResponseSchema = z.object({ deleted: z.number().int() });

/** Exactly one proof: a password, a TOTP code, a recovery code or a passkey's assertion. */
export const stepUpVerifyRequestSchema = z
  .object({
    purpose: z.enum(STEP_UP_PURPOSES),
    password: passwordSchema.optional(),
    code: totpCodeSchema.optional(),
    recoveryCode: recoveryCodeSchema.optional(),
    passkey: authenticationResponseSchema.optional(),
  })
  .refine(
    (v) =>
      [v.password, v.code, v.recoveryCode, v.passkey].filter((x) => x !== undefined).length === 1,
    {
      message: 'Give exactly one of password, code, recoveryCode or passkey',
      path: ['password'],
    },
  );
export type StepUpVerifyRequest = z.infer<typeof stepUpVerifyRequestSchema>;

export const stepUpVerifyResponseSchema = z.object({
  success: z.literal(true),
  purpose: z.enum(STEP_UP_PURPOSES),
  expiresAt: z.iso.datetime(),
});
export type StepUpVerifyResponse = z.infer<typeof stepUpVerifyResponseSchema>;

/** The 428 body (DESIGN §5): what to prove, and how; both sides parse it with this schema. */
export const stepUpRequiredBodySchema = z.object({
  error: z.literal('STEP_UP_REQUIRED'),
  message: z.string(),
  purpose: z.enum(STEP_UP_PURPOSES),
  methods: z.array(z.enum(STEP_UP_METHODS)),
  mfaEnrollmentRequired: z.literal(true).optional(),
  /** The action this verification confirms, in words ("Sign out Maya Member on Chrome on macOS"). */
  description: z.string().optional(),
});
export type StepUpRequiredBody = z.infer<typeof stepUpRequiredBodySchema>;
