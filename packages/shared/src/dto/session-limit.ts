import { z } from 'zod';
import { authResponseSchema } from './auth.js';
import { textSchema } from './common.js';
import { mfaRequiredResponseSchema } from './mfa.js';
import { deviceSchema } from './sessions.js';

/** One live session offered to end: what tells two of them apart, never its token. */
export const sessionLimitChoiceSchema = z.object({
  id: z.uuid(),
  device: deviceSchema,
  ip: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
});
export type SessionLimitChoice = z.infer<typeof sessionLimitChoiceSchema>;

/**
 * The password and any second factor were right, and one more session would pass the org's
 * limit: no session yet. `choiceToken` (single-use, 5 minutes, this browser only) and the
 * session to end go to POST /api/auth/login/session-choice.
 */
export const sessionLimitResponseSchema = z.object({
  sessionLimit: z.object({
    choiceToken: z.string(),
    limit: z.number().int(),
    expiresAt: z.iso.datetime(),
    /** Least recently seen first. */
    sessions: z.array(sessionLimitChoiceSchema),
    /** The least recently seen: what a sign-in without the choice would end. */
    suggested: z.uuid(),
  }),
});
export type SessionLimitResponse = z.infer<typeof sessionLimitResponseSchema>;

export const sessionChoiceRequestSchema = z.strictObject({
  choiceToken: textSchema().min(1).max(128),
  endSessionId: z.uuid(),
});
export type SessionChoiceRequest = z.infer<typeof sessionChoiceRequestSchema>;

export const loginResponseSchema = z.union([
  authResponseSchema,
  mfaRequiredResponseSchema,
  sessionLimitResponseSchema,
]);
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** The second step's answer: signed in, or (at the session limit) the choice of which ends. */
export const loginMfaResponseSchema = z.union([authResponseSchema, sessionLimitResponseSchema]);
export type LoginMfaResponse = z.infer<typeof loginMfaResponseSchema>;
