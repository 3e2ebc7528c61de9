import { z } from 'zod';
import { ROLES } from '../permissions.js';
import { emailSchema, newPasswordSchema, nextCursorSchema, personNameSchema } from './common.js';

export const createUserRequestSchema = z.object({
  email: emailSchema,
  name: personNameSchema,
  role: z.enum(ROLES),
  password: newPasswordSchema,
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const teamMemberSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  mfaEnabled: z.boolean(),
  disabled: z.boolean(),
  liveSessions: z.number().int(),
  lastSeenAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type TeamMemberDTO = z.infer<typeof teamMemberSchema>;

export const teamListResponseSchema = z.object({
  users: z.array(teamMemberSchema),
  nextCursor: nextCursorSchema,
});
export type TeamListResponse = z.infer<typeof teamListResponseSchema>;
export const createUserResponseSchema = z.object({ user: teamMemberSchema });
export type CreateUserResponse = z.infer<typeof createUserResponseSchema>;

/** `PATCH /api/admin/users/:id`: a new role, disabled or enabled, or both at once. */
export const updateUserRequestSchema = z
  .object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional() })
  .refine((change) => change.role !== undefined || change.disabled !== undefined, {
    message: 'Say what to change: role, disabled or both',
  });
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;
export const updateUserResponseSchema = z.object({ user: teamMemberSchema });
export type UpdateUserResponse = z.infer<typeof updateUserResponseSchema>;
