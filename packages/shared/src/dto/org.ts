import { z } from 'zod';
import {
  effectiveSessionPolicy,
  PRESET_MINUTES,
  SESSION_POLICY_BOUNDS,
  SESSION_PRESETS,
  type SessionPreset,
} from '../session-policy.js';
import { nextCursorSchema } from './common.js';
import { IMPERSONATION_MODES, type ImpersonationMode } from './impersonation.js';

const boundsSchema = z.object({ min: z.number().int(), max: z.number().int() });
const minutesPairSchema = z.object({
  idleMinutes: z.number().int(),
  absoluteMinutes: z.number().int(),
});

export const sessionPolicySchema = z.object({
  preset: z.enum(SESSION_PRESETS),
  /** Custom overrides as stored; `null` takes the Strict value. */
  idleMinutes: z.number().int().nullable(),
  absoluteMinutes: z.number().int().nullable(),
  effective: minutesPairSchema,
  bounds: z.object({
    idleMinutes: boundsSchema,
    absoluteMinutes: boundsSchema,
    maxSessionsPerUser: boundsSchema,
  }),
  presets: z.object({ strict: minutesPairSchema, standard: minutesPairSchema }),
});
export type SessionPolicyDTO = z.infer<typeof sessionPolicySchema>;

export const activeUserSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  lastSignInAt: z.iso.datetime().nullable(),
  liveSessions: z.number().int(),
  isYou: z.boolean(),
});
export type ActiveUserDTO = z.infer<typeof activeUserSchema>;

export const activeUsersResponseSchema = z.object({
  activeUsers: z.array(activeUserSchema),
  nextCursor: nextCursorSchema,
});
export type ActiveUsersResponse = z.infer<typeof activeUsersResponseSchema>;

/** What the owner sees and sets on "Session security". */
export const orgSecurityResponseSchema = z.object({
  requireMfaForDownloads: z.boolean(),
  requireMfaForShares: z.boolean(),
  sessionPolicy: sessionPolicySchema,
  maxSessionsPerUser: z.number().int(),
  /** What an admin may do while impersonating: read only (the default), or write too. */
  impersonationMode: z.enum(IMPERSONATION_MODES),
  /**
   * Owners' and admins' sessions whose browser can bind them (DBSC) must be bound before they
   * reach admin pages (decision 025).
   */
  requireDeviceBoundAdmins: z.boolean(),
  /** Owners and admins sign in and step up only with a passkey (decision 024). */
  requirePasskeysForAdmins: z.boolean(),
  /** The first page of people signed in; more from GET /api/org/security/active-users. */
  activeUsers: z.array(activeUserSchema),
  activeUsersNextCursor: nextCursorSchema,
  updatedAt: z.iso.datetime().nullable(),
});
export type OrgSecurityResponse = z.infer<typeof orgSecurityResponseSchema>;

export const orgSecurityPatchResponseSchema = orgSecurityResponseSchema.extend({
  /** Session lengths are fixed when a session starts: a change applies at the next sign-in. */
  appliesAt: z.literal('next_sign_in'),
});
export type OrgSecurityPatchResponse = z.infer<typeof orgSecurityPatchResponseSchema>;

const bounded = (field: keyof typeof SESSION_POLICY_BOUNDS, label: string) => {
  const { min, max } = SESSION_POLICY_BOUNDS[field];
  const message = `${label} must be a whole number from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}`;
  return z.number({ message }).int(message).min(min, message).max(max, message);
};

const policyFields = {
  preset: z.enum(SESSION_PRESETS).optional(),
  idleMinutes: bounded('idleMinutes', 'Idle timeout').nullable().optional(),
  absoluteMinutes: bounded('absoluteMinutes', 'Absolute lifetime').nullable().optional(),
};
/** Parts of GET's answer that cannot be set: accepted (so read–modify–write works) and ignored. */
const readOnly = z.unknown().optional();

const POLICY_KEYS = ['preset', 'idleMinutes', 'absoluteMinutes'] as const;

/**
 * Per-field rules; `null` clears a custom override. Takes the flat fields or GET's own shape
 * (`sessionPolicy: {preset, idleMinutes, absoluteMinutes}`), merged; a field given both ways
 * with different values is refused.
 */
export const orgSecurityPatchSchema = z
  .object({
    requireMfaForDownloads: z.boolean().optional(),
    requireMfaForShares: z.boolean().optional(),
    ...policyFields,
    maxSessionsPerUser: bounded('maxSessionsPerUser', 'Sessions per user').optional(),
    impersonationMode: z.enum(IMPERSONATION_MODES).optional(),
    requireDeviceBoundAdmins: z.boolean().optional(),
    requirePasskeysForAdmins: z.boolean().optional(),
    sessionPolicy: z
      .object({ ...policyFields, effective: readOnly, bounds: readOnly, presets: readOnly })
      .strict()
      .optional(),
    activeUsers: readOnly,
    activeUsersNextCursor: readOnly,
    updatedAt: readOnly,
  })
  .strict()
  .superRefine((patch, ctx) => {
    for (const key of POLICY_KEYS) {
      const nested = patch.sessionPolicy?.[key];
      if (patch[key] !== undefined && nested !== undefined && patch[key] !== nested)
        ctx.addIssue({
          code: 'custom',
          path: ['sessionPolicy', key],
          message: `${key} is given twice with different values`,
        });
    }
  })
  .transform(({ sessionPolicy, activeUsers, activeUsersNextCursor, updatedAt, ...flat }) => {
    const merged: OrgSecurityChange = {};
    for (const [key, value] of Object.entries({ ...sessionPolicy, ...flat }))
      if (value !== undefined && key in orgSecurityChangeKeys)
        Object.assign(merged, { [key]: value });
    return merged;
  });
export type OrgSecurityPatchInput = z.input<typeof orgSecurityPatchSchema>;

/** What a PATCH changes, after merging the two shapes; absent keys stay as they are. */
export interface OrgSecurityChange {
  requireMfaForDownloads?: boolean;
  requireMfaForShares?: boolean;
  preset?: SessionPreset;
  idleMinutes?: number | null;
  absoluteMinutes?: number | null;
  maxSessionsPerUser?: number;
  impersonationMode?: ImpersonationMode;
  requireDeviceBoundAdmins?: boolean;
  requirePasskeysForAdmins?: boolean;
}
const orgSecurityChangeKeys: Record<keyof OrgSecurityChange, true> = {
  requireMfaForDownloads: true,
  requireMfaForShares: true,
  preset: true,
  idleMinutes: true,
  absoluteMinutes: true,
  maxSessionsPerUser: true,
  impersonationMode: true,
  requireDeviceBoundAdmins: true,
  requirePasskeysForAdmins: true,
};
export type OrgSecurityPatch = OrgSecurityChange;

export interface StoredSessionPolicy {
  preset: SessionPreset;
  idleMinutes: number | null;
  absoluteMinutes: number | null;
}

/**
 * The invariant on *effective* values (an override left null takes the Strict value): idle must
 * not exceed absolute. Returns the issue to show, or null. Shared so the form checks it inline.
 */
export function sessionPolicyIssue(
  policy: StoredSessionPolicy,
): { path: 'idleMinutes'; message: string } | null {
  const effective = effectiveSessionPolicy(
    policy.preset,
    policy.idleMinutes,
    policy.absoluteMinutes,
  );
  if (effective.idleMinutes <= effective.absoluteMinutes) return null;
  const strictNote =
    policy.preset === 'custom' && policy.absoluteMinutes === null
      ? ` (an empty absolute lifetime takes Strict's ${PRESET_MINUTES.strict.absoluteMinutes})`
      : '';
  return {
    path: 'idleMinutes',
    message: `Idle timeout (${effective.idleMinutes}) cannot be longer than the absolute lifetime (${effective.absoluteMinutes})${strictNote}`,
  };
}

export const orgSessionsRevokeRequestSchema = z.object({ scope: z.enum(['others', 'all']) });
/** `{revoked: n}`: how many sessions "Sign out everyone" ended. */
export const revokedCountResponseSchema = z.object({ revoked: z.number().int().nonnegative() });
