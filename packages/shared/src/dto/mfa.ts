import { z } from 'zod';
import { chooseSessionFlag, textSchema } from './common.js';

/** A TOTP code as typed: six digits (spaces people paste are dropped). */
export const totpCodeSchema = textSchema()
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code'));

/** A recovery code as typed: case and dashes do not matter. */
export const recoveryCodeSchema = textSchema()
  .max(64)
  .transform((value) => value.replace(/[\s-]+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z]{10}$/, 'Enter a recovery code like ABCDE-12345'));

export const RECOVERY_CODE_COUNT = 10;

export const totpSetupResponseSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrCodeSvg: z.string(),
});
export type TotpSetupResponse = z.infer<typeof totpSetupResponseSchema>;

export const totpEnableRequestSchema = z.object({ code: totpCodeSchema });
export type TotpEnableRequest = z.infer<typeof totpEnableRequestSchema>;

export const recoveryCodesResponseSchema = z.object({
  recoveryCodes: z.array(z.string()).length(RECOVERY_CODE_COUNT),
});
export type RecoveryCodesResponse = z.infer<typeof recoveryCodesResponseSchema>;

export const mfaStatusResponseSchema = z.object({
  enabled: z.boolean(),
  recoveryCodesLeft: z.number().int(),
});
export type MfaStatusResponse = z.infer<typeof mfaStatusResponseSchema>;

export const SECOND_STEP_METHODS = ['passkey', 'totp', 'recovery_code'] as const;

/** The password was right and the account has TOTP: the second step needs this token. */
export const mfaRequiredResponseSchema = z.object({
  mfaRequired: z.literal(true),
  mfaToken: z.string(),
  /** What the second step can take: a passkey (signing in with it), a code, a recovery code. */
  methods: z.array(z.enum(SECOND_STEP_METHODS)).optional(),
});
export type SecondStepMethod = (typeof SECOND_STEP_METHODS)[number];
export type MfaRequiredResponse = z.infer<typeof mfaRequiredResponseSchema>;

export const loginMfaRequestSchema = z
  .object({
    mfaToken: textSchema().min(1).max(128),
    code: totpCodeSchema.optional(),
    recoveryCode: recoveryCodeSchema.optional(),
    chooseSession: chooseSessionFlag,
  })
  .refine((v) => (v.code === undefined) !== (v.recoveryCode === undefined), {
    message: 'Give either code or recoveryCode',
    path: ['code'],
  });
export type LoginMfaRequest = z.infer<typeof loginMfaRequestSchema>;
