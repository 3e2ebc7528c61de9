import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction } from '../audit-events.js';
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
  'IMPERSONATION_PAGE_VIEWS',
  'IMPERSONATED_REQUEST',
  'FORCE_LOGOUT',
  'ALERT_RAISED',
  'THIS_WASNT_ME',
  /** Refusals of the user's own sessions: a blocked network, a cross-site write, a 429. */
  'IP_BLOCKED',
  'CSRF_REFUSED',
  'RATE_LIMITED',
] as const satisfies readonly AuditAction[];
export type SecurityActivityAction = (typeof SECURITY_ACTIVITY_ACTIONS)[number];

/** The support session behind an event: the administrator, and the reason when the row has it. */
export const supportSessionAttributionSchema = z.object({
  by: z.object({ id: z.uuid(), name: z.string() }),
  reason: z.string().nullable(),
});
export type SupportSessionAttribution = z.infer<typeof supportSessionAttributionSchema>;

export const securityActivityItemSchema = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  /**
   * One of SECURITY_ACTIVITY_ACTIONS, or any action a support session took on the account
   * (a share it created, an upload it was refused): those are listed whatever they are.
   */
  action: z.enum(AUDIT_ACTIONS),
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
  /**
   * What a security alert was about (ALERT_RAISED), or the alert raised with this event: an
   * alert and the event that raised it are one entry.
   */
  alertType: z.enum(ALERT_TYPES).nullable(),
  /** Set on every event a support session caused (its start, end, reads, writes and refusals). */
  supportSession: supportSessionAttributionSchema.nullable(),
  /** A support session's reads, summarised when it ended (IMPERSONATION_PAGE_VIEWS). */
  pageViews: z
    .object({ count: z.number().int(), firstAt: z.iso.datetime(), lastAt: z.iso.datetime() })
    .nullable(),
});
export type SecurityActivityItem = z.infer<typeof securityActivityItemSchema>;

export const securityActivityResponseSchema = z.object({
  items: z.array(securityActivityItemSchema),
  nextCursor: z.string().nullable(),
});
export type SecurityActivityResponse = z.infer<typeof securityActivityResponseSchema>;
