import { z } from 'zod';
import { pageQuerySchema } from './common.js';

/** What a security alert is about (DESIGN §9): sign-in risks, then account changes. */
export const ALERT_TYPES = [
  'new_device',
  'new_country',
  'impossible_travel',
  'shared_account',
  'password_changed',
  'mfa_enabled',
  'mfa_disabled',
  'recovery_codes_regenerated',
  'session_evicted',
  'admin_sign_out',
  'impersonation_started',
  'impersonation_ended',
  /** Told to every owner: someone added or removed an IP rule, or an operator cleared them. */
  'ip_rules_changed',
  /** Sent to the org's owners: an API token was created, a role changed, a user disabled or enabled. */
  'api_token_created',
  /** A device-bound session's refresh was signed by another key: its cookie was copied (decision 025). */
  'device_key_mismatch',
  'role_changed',
  'user_disabled',
  'user_enabled',
  /** Many wrong passwords for one account within minutes: one alert per burst. */
  'failed_sign_ins',
  'passkey_added',
  'passkey_renamed',
  'passkey_removed',
  /** A device-bound passkey's signature counter went backwards: a cloned authenticator? */
  'passkey_counter_regressed',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const ALERT_SEVERITIES = ['low', 'medium', 'high'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Each type in words, for lists, emails and activity. */
export const ALERT_TYPE_LABELS: Record<AlertType, string> = {
  new_device: 'Sign-in from a new device',
  new_country: 'Sign-in from a new country',
  impossible_travel: 'Impossible travel between sign-ins',
  shared_account: 'Account may be shared',
  password_changed: 'Password changed',
  mfa_enabled: 'Two-factor authentication turned on',
  mfa_disabled: 'Two-factor authentication turned off',
  recovery_codes_regenerated: 'Recovery codes regenerated',
  session_evicted: 'Session ended by the session limit',
  admin_sign_out: 'Signed out by an administrator',
  impersonation_started: 'Support session started',
  impersonation_ended: 'Support session ended',
  ip_rules_changed: 'IP rules changed',
  api_token_created: 'API token created',
  device_key_mismatch: 'Session cookie used on another device',
  role_changed: 'Role changed',
  user_disabled: 'User disabled',
  user_enabled: 'User enabled',
  failed_sign_ins: 'Many failed sign-ins',
  passkey_added: 'Passkey added',
  passkey_renamed: 'Passkey renamed',
  passkey_removed: 'Passkey removed',
  passkey_counter_regressed: 'Passkey refused: it may have been copied',
};

export const adminAlertSchema = z.object({
  id: z.uuid(),
  type: z.enum(ALERT_TYPES),
  severity: z.enum(ALERT_SEVERITIES),
  createdAt: z.iso.datetime(),
  user: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  ip: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  device: z.string().nullable(),
  /**
   * What else the alert says (the administrator, a reason, the countries seen), in the third
   * person: this is what an administrator reads, not the mail written to the user.
   */
  summary: z.string().nullable(),
  /** Who caused it, when someone other than the user did (an administrator's sign-out). */
  actor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** The caller may not acknowledge it: it is about them or their own act (DESIGN §9). */
  own: z.boolean(),
  acknowledgedAt: z.iso.datetime().nullable(),
  acknowledgedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export type AdminAlert = z.infer<typeof adminAlertSchema>;

export const adminAlertsQuerySchema = pageQuerySchema.extend({
  /** `true`: only alerts nobody has acknowledged yet. */
  unacknowledged: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
  /** Only alerts of this severity. */
  severity: z.enum(ALERT_SEVERITIES).optional(),
});
export type AdminAlertsQuery = z.input<typeof adminAlertsQuerySchema>;

export const adminAlertsResponseSchema = z.object({
  alerts: z.array(adminAlertSchema),
  nextCursor: z.string().nullable(),
});
export type AdminAlertsResponse = z.infer<typeof adminAlertsResponseSchema>;

export const ackAlertResponseSchema = z.object({ alert: adminAlertSchema });
export type AckAlertResponse = z.infer<typeof ackAlertResponseSchema>;

/**
 * "Acknowledge all" with the page's filters: the open alerts up to `upTo` (the newest one the
 * page showed, so an alert that arrived since is not closed unseen), of `severity` if given.
 */
export const ackAllAlertsRequestSchema = z.strictObject({
  upTo: z.iso.datetime(),
  severity: z.enum(ALERT_SEVERITIES).optional(),
});
export type AckAllAlertsRequest = z.infer<typeof ackAllAlertsRequestSchema>;

export const ackAllAlertsResponseSchema = z.object({
  acknowledged: z.number().int(),
  /** Open alerts about the caller or their own acts: left for someone else to acknowledge. */
  skipped: z.number().int(),
});
export type AckAllAlertsResponse = z.infer<typeof ackAllAlertsResponseSchema>;

/** The credential of "This wasn't me": the token from the alert email's link. */
export const thisWasntMeRequestSchema = z.object({
  token: z
    .string()
    .min(20)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'not a link from this service'),
});
export type ThisWasntMeRequest = z.infer<typeof thisWasntMeRequestSchema>;

export const thisWasntMeResponseSchema = z.object({
  success: z.literal(true),
  /** Every session was signed out; the password must be reset with "Forgot password?". */
  passwordResetRequired: z.literal(true),
  message: z.string(),
});
export type ThisWasntMeResponse = z.infer<typeof thisWasntMeResponseSchema>;
