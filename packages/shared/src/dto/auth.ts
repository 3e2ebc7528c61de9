import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../permissions.js';
import {
  chooseSessionFlag,
  emailSchema,
  newPasswordSchema,
  orgNameSchema,
  passwordSchema,
  personNameSchema,
} from './common.js';
import { impersonationSchema } from './impersonation.js';

export const signupRequestSchema = z.object({
  orgName: orgNameSchema,
  name: personNameSchema,
  email: emailSchema,
  password: newPasswordSchema,
});
export type SignupRequest = z.infer<typeof signupRequestSchema>;

export const loginRequestSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  chooseSession: chooseSessionFlag,
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const changePasswordRequestSchema = z.object({
  currentPassword: passwordSchema,
  newPassword: newPasswordSchema,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  permissions: z.array(z.enum(PERMISSIONS)),
  mfaEnabled: z.boolean(),
});
export type UserDTO = z.infer<typeof userSchema>;

export const orgSchema = z.object({ id: z.uuid(), name: z.string(), slug: z.string() });
export type OrgDTO = z.infer<typeof orgSchema>;

export const currentSessionSchema = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  idleExpiresAt: z.iso.datetime(),
  absoluteExpiresAt: z.iso.datetime(),
});
export type CurrentSessionDTO = z.infer<typeof currentSessionSchema>;

export const authResponseSchema = z.object({
  user: userSchema,
  org: orgSchema,
  session: currentSessionSchema,
  csrfToken: z.string(),
  /**
   * The org requires passkeys of owners and admins and this one has none: adding one comes
   * before anything else (decision 024).
   */
  passkeyEnrollmentRequired: z.literal(true).optional(),
});
export type AuthResponse = z.infer<typeof authResponseSchema>;

export const meResponseSchema = authResponseSchema.extend({
  /** Set while an administrator is signed in as this user (a support session). */
  impersonation: impersonationSchema.nullable(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

export const refreshResponseSchema = z.object({ session: currentSessionSchema });
export type RefreshResponse = z.infer<typeof refreshResponseSchema>;

export const changePasswordResponseSchema = z.object({ revokedOtherSessions: z.number().int() });
export type ChangePasswordResponse = z.infer<typeof changePasswordResponseSchema>;
