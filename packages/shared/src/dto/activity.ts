import { z } from 'zod';
import { AUDIT_OUTCOMES, type AuditAction } from '../audit-events.js';
import { STEP_UP_PURPOSES } from '../step-up.js';
import { ALERT_TYPES } from './alerts.js';

/** What a user sees of their own account in "Recent security activity". */
export const SECURITY_ACTIVITY_ACTIONS = [
  'USER_SIGNED_UP',
  'LOGIN_SUCCESS',
  'LOGIN_FAILURE',
  'LOGOUT',
  'PASSWORD_CHANGED',
  'PASSWORD_RESET',
  'SESSION_REVOKED',
  'SESSION_REVOKE_ALL',
  'SESSION_EVICTED',
  'STEP_UP_VERIFIED',
  'MFA_ENROLLED',
  'MFA_DISABLED',
  'RECOVERY_CODES_REGENERATED',
  'RECOVERY_CODE_USED',
  'IMPERSONATION_STARTED',
  'IMPERSONATION_ENDED',
  'FORCE_LOGOUT',
  'ALERT_RAISED',
  'THIS_WASNT_ME',
  /** Refusals of the user's own sessions: a blocked network, a cross-site write, a 429. */
  'IP_BLOCKED',
  'CSRF_REFUSED',
  'RATE_LIMITED',
] as const satisfies readonly AuditAction[];

export const securityActivityItemSchema = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  action: z.enum(SECURITY_ACTIVITY_ACTIONS),
  outcome: z.enum(AUDIT_OUTCOMES),
  failureReason: z.string().nullable(),
  ip: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The device in words ("Chrome on macOS"), from the sign-in or the user agent. */
  device: z.string().nullable(),
  /** How many requests a refusal row stands for (refusals are recorded once per window). */
  attempts: z.number().int().nullable(),
  /** Why, when the event has a stated reason (an impersonation's). */
  reason: z.string().nullable(),
  /** What a verification was for (a step-up's purpose), so "Verified it's you" says to do what. */
  purpose: z.enum(STEP_UP_PURPOSES).nullable(),
  /** Who acted, when it was not the user: an administrator, or an API token of the org. */
  actor: z
    .object({ id: z.uuid(), name: z.string(), kind: z.enum(['user', 'api_token']) })
    .nullable(),
  /** What a security alert was about (ALERT_RAISED). */
  alertType: z.enum(ALERT_TYPES).nullable(),
});
export type SecurityActivityItem = z.infer<typeof securityActivityItemSchema>;

export const securityActivityResponseSchema = z.object({
  items: z.array(securityActivityItemSchema),
  nextCursor: z.string().nullable(),
});
export type SecurityActivityResponse = z.infer<typeof securityActivityResponseSchema>;
