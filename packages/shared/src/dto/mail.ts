import { z } from 'zod';
import { emailSchema, newPasswordSchema, textSchema } from './common.js';
import { recoveryCodeSchema, totpCodeSchema } from './mfa.js';

/** One message of the dev mailbox (outside production, when no SMTP_URL is set). */
export const devMailMessageSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  createdAt: z.iso.datetime(),
});
export type DevMailMessage = z.infer<typeof devMailMessageSchema>;

export const devMailResponseSchema = z.object({ messages: z.array(devMailMessageSchema) });
export type DevMailResponse = z.infer<typeof devMailResponseSchema>;

export const forgotPasswordRequestSchema = z.object({ email: emailSchema });
export type ForgotPasswordRequest = z.infer<typeof forgotPasswordRequestSchema>;

/** The same answer whether or not the email has an account. */
export const forgotPasswordResponseSchema = z.object({ accepted: z.literal(true) });
export type ForgotPasswordResponse = z.infer<typeof forgotPasswordResponseSchema>;

export const resetPasswordRequestSchema = z
  .object({
    token: textSchema().min(1).max(128),
    newPassword: newPasswordSchema,
    /** Required (one of the two) when the account has TOTP. */
    code: totpCodeSchema.optional(),
    recoveryCode: recoveryCodeSchema.optional(),
  })
  .refine((v) => v.code === undefined || v.recoveryCode === undefined, {
    message: 'Give either code or recoveryCode, not both',
    path: ['code'],
  });
export type ResetPasswordRequest = z.infer<typeof resetPasswordRequestSchema>;

/** The reset page's check of its link: the token from the link, nothing else. */
export const resetLinkCheckQuerySchema = z.object({ token: textSchema().min(1).max(128) });
export type ResetLinkCheckQuery = z.infer<typeof resetLinkCheckQuerySchema>;

/**
 * What the reset page reads of its link on load, where the server offers it
 * (`GET /api/auth/password/reset/check?token=`): whose account the link resets. A used or
 * expired link answers 400 RESET_TOKEN_INVALID; a server without the route answers 404, and the
 * page simply does without.
 */
export const resetLinkCheckResponseSchema = z.object({
  account: z.object({ email: z.string(), name: z.string().optional() }),
});
export type ResetLinkCheckResponse = z.infer<typeof resetLinkCheckResponseSchema>;
