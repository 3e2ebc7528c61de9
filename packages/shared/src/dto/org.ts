import { z } from 'zod';

/** What the owner sees and sets on "Session security" (this issue: the MFA policy). */
export const orgSecurityResponseSchema = z.object({
  requireMfaForDownloads: z.boolean(),
  requireMfaForShares: z.boolean(),
  updatedAt: z.iso.datetime().nullable(),
});
export type OrgSecurityResponse = z.infer<typeof orgSecurityResponseSchema>;

export const orgSecurityPatchSchema = z
  .object({
    requireMfaForDownloads: z.boolean().optional(),
    requireMfaForShares: z.boolean().optional(),
  })
  .strict();
export type OrgSecurityPatch = z.infer<typeof orgSecurityPatchSchema>;
