import { z } from 'zod';

/** IP rules (DESIGN §7): deny always wins; once an allow rule exists, only matches pass. */
export const IP_RULE_ACTIONS = ['allow', 'deny'] as const;
export type IpRuleAction = (typeof IP_RULE_ACTIONS)[number];

/** An org may hold this many rules (the hot path is measured with 1,000). */
export const MAX_IP_RULES = 5_000;

export const ipRuleSchema = z.object({
  id: z.uuid(),
  action: z.enum(IP_RULE_ACTIONS),
  /** Canonical CIDR: a bare address is stored as /32 or /128, `::ffff:a.b.c.d` as IPv4. */
  cidr: z.string(),
  note: z.string(),
  createdBy: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
});
export type IpRuleDTO = z.infer<typeof ipRuleSchema>;

export const ipRulesResponseSchema = z.object({
  rules: z.array(ipRuleSchema),
  /** The caller's address as the server sees it (what the self-lockout guard checks). */
  yourIp: z.string().nullable(),
});
export type IpRulesResponse = z.infer<typeof ipRulesResponseSchema>;

const cidrText = z.string().trim().min(1, 'Enter an address or CIDR range').max(64);

export const ipRuleCreateRequestSchema = z.strictObject({
  action: z.enum(IP_RULE_ACTIONS),
  cidr: cidrText,
  note: z.string().trim().max(200).default(''),
  /** Save even though the change would block the caller's own address. */
  force: z.boolean().default(false),
});
export type IpRuleCreateRequest = z.input<typeof ipRuleCreateRequestSchema>;

export const ipRuleDeleteQuerySchema = z.object({
  force: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const ipRulesPreviewRequestSchema = z.strictObject({
  /** The whole would-be rule set. */
  rules: z
    .array(z.strictObject({ action: z.enum(IP_RULE_ACTIONS), cidr: cidrText }))
    .max(MAX_IP_RULES),
});
export type IpRulesPreviewRequest = z.input<typeof ipRulesPreviewRequestSchema>;

/** The preview names at most this many people (the count covers everyone). */
export const PREVIEW_USERS_LIMIT = 50;

export const ipRulesPreviewResponseSchema = z.object({
  /** Live sessions whose last address the proposed rules would block right now. */
  blockedSessions: z.number().int(),
  /** Distinct people with such a session (the list is capped at PREVIEW_USERS_LIMIT). */
  blockedUserCount: z.number().int(),
  blockedUsers: z.array(
    z.object({ id: z.uuid(), name: z.string(), email: z.string(), sessions: z.number().int() }),
  ),
  blocksYou: z.boolean(),
  yourIp: z.string().nullable(),
  /**
   * Owners the change would newly block at an address they were seen using (a live session's
   * sign-in address, or their latest sign-in's): by name, never by address.
   */
  blockedOwners: z.array(z.object({ id: z.uuid(), name: z.string() })),
  /** Saving would be refused to the caller (409 WOULD_BLOCK_OWNER): they are not an owner. */
  needsOwner: z.boolean(),
});
export type IpRulesPreviewResponse = z.infer<typeof ipRulesPreviewResponseSchema>;

export const ipRuleCreatedResponseSchema = ipRulesResponseSchema.extend({
  rule: z.object({ id: z.uuid() }),
});
