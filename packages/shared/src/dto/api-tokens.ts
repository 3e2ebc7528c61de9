import { z } from 'zod';
import { displayTextSchema } from './common.js';

/** What an API token may do (DESIGN §6–§7); a route names the one scope it needs. */
export const API_TOKEN_SCOPES = [
  'sessions:read',
  'sessions:write',
  'users:read',
  'audit:read',
] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** The lifetimes the create form offers; `null` is "never" (allowed, with a warning). */
export const API_TOKEN_EXPIRY_DAYS = [30, 90, 365] as const;
export const API_TOKEN_DEFAULT_EXPIRY_DAYS = 90;

/** A token as its org's owners see it: never its secret, only its last four characters. */
export const apiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)),
  lastFour: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  lastUsedIp: z.string().nullable(),
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export type ApiTokenDTO = z.infer<typeof apiTokenSchema>;

export const apiTokenListResponseSchema = z.object({ tokens: z.array(apiTokenSchema) });
export type ApiTokenListResponse = z.infer<typeof apiTokenListResponseSchema>;

export const createApiTokenRequestSchema = z.object({
  name: displayTextSchema().trim().min(1, 'Give the token a name').max(100),
  scopes: z
    .array(z.enum(API_TOKEN_SCOPES))
    .min(1, 'Choose at least one scope')
    .max(API_TOKEN_SCOPES.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'Each scope once'),
  /** Days until it expires; null never expires. */
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .nullable()
    .default(API_TOKEN_DEFAULT_EXPIRY_DAYS),
});
export type CreateApiTokenRequest = z.input<typeof createApiTokenRequestSchema>;

/** The one time the secret is shown: it is not stored and cannot be fetched again. */
export const createApiTokenResponseSchema = z.object({ token: apiTokenSchema, secret: z.string() });
export type CreateApiTokenResponse = z.infer<typeof createApiTokenResponseSchema>;
