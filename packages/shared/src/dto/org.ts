import { z } from 'zod';
import {
  effectiveSessionPolicy,
  PRESET_MINUTES,
  SESSION_POLICY_BOUNDS,
  SESSION_PRESETS,
  type SessionPreset,
} from '../session-policy.js';

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

/** What the owner sees and sets on "Session security". */
export const orgSecurityResponseSchema = z.object({
  requireMfaForDownloads: z.boolean(),
  requireMfaForShares: z.boolean(),
  sessionPolicy: sessionPolicySchema,
  maxSessionsPerUser: z.number().int(),
  activeUsers: z.array(activeUserSchema),
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

/** Per-field rules; `null` clears a custom override. */
export const orgSecurityPatchSchema = z
  .object({
    requireMfaForDownloads: z.boolean().optional(),
    requireMfaForShares: z.boolean().optional(),
    preset: z.enum(SESSION_PRESETS).optional(),
    idleMinutes: bounded('idleMinutes', 'Idle timeout').nullable().optional(),
    absoluteMinutes: bounded('absoluteMinutes', 'Absolute lifetime').nullable().optional(),
    maxSessionsPerUser: bounded('maxSessionsPerUser', 'Sessions per user').optional(),
  })
  .strict();
export type OrgSecurityPatch = z.infer<typeof orgSecurityPatchSchema>;

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
