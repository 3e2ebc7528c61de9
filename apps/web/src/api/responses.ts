import { z } from 'zod';

/*
 * Answers @gatehouse/shared has no schema for yet; they mirror the server's route declarations
 * and belong in shared (dto/common.ts, dto/org.ts) once someone is there.
 */

/** `{success: true}`: turning off TOTP, revoking a share link. */
export const successResponseSchema = z.object({ success: z.literal(true) });

/** `{revoked: n}`: POST /api/org/security/revoke-sessions. */
export const revokedCountResponseSchema = z.object({ revoked: z.number().int().nonnegative() });
