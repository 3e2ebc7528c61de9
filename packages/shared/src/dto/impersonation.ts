import { z } from 'zod';
import { displayTextSchema } from './common.js';

export const IMPERSONATION_MODES = ['read_only', 'full'] as const;
export type ImpersonationMode = (typeof IMPERSONATION_MODES)[number];
/** A support session lasts at most this long, and ends after this much inactivity. */
export const IMPERSONATION_MAX_MINUTES = 60;
export const IMPERSONATION_IDLE_MINUTES = 15;

export const impersonateRequestSchema = z.object({
  reason: displayTextSchema()
    .trim()
    .min(10, 'Say why in at least 10 characters')
    .max(500, 'Keep the reason under 500 characters'),
});
export type ImpersonateRequest = z.infer<typeof impersonateRequestSchema>;

/** A running support session, as `GET /api/auth/me` and the start route describe it. */
export const impersonationSchema = z.object({
  realUser: z.object({ id: z.uuid(), name: z.string() }),
  user: z.object({ id: z.uuid(), name: z.string() }),
  reason: z.string(),
  startedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  mode: z.enum(IMPERSONATION_MODES),
});
export type ImpersonationDTO = z.infer<typeof impersonationSchema>;

export const impersonateResponseSchema = z.object({ impersonation: impersonationSchema });
export type ImpersonateResponse = z.infer<typeof impersonateResponseSchema>;
