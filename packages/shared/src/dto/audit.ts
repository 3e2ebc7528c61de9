import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction } from '../audit-events.js';
import { textSchema } from './common.js';
import { deviceSchema } from './sessions.js';

const ACTION_KEYS = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];
export const auditActionSchema = z.enum(ACTION_KEYS);

/** A day (`2026-12-01`, the whole UTC day) or an instant with its offset. */
const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const DAY_MS = 24 * 60 * 60 * 1000;
const startOf = (value: string): Date =>
  new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
/** `to` is exclusive; a bare day means "through the end of that day". */
const endOf = (value: string): Date =>
  value.length === 10 ? new Date(startOf(value).getTime() + DAY_MS) : new Date(value);

/** One value or the parameter repeated (`?action=A&action=B`), each maybe comma-separated. */
const actionList = z
  .union([z.string(), z.array(z.string()).max(100)])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')))
  .pipe(z.array(auditActionSchema).min(1).max(ACTION_KEYS.length));

/** The filter's fields (without the `from` < `to` check: see auditFilterQuerySchema). */
export const auditFilterFields = {
  action: actionList.optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  actorUserId: z.uuid().optional(),
  targetId: textSchema().min(1).max(200).optional(),
  /** `true`: only what an administrator did while impersonating someone; `false`: everything. */
  impersonation: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  /** Inclusive. */
  from: dateOrInstant.transform(startOf).optional(),
  /** Exclusive; a bare day includes that whole day. */
  to: dateOrInstant.transform(endOf).optional(),
};
const inOrder = (q: { from?: Date | undefined; to?: Date | undefined }) =>
  !q.from || !q.to || q.from < q.to;
const ORDER_ISSUE = { message: '`from` must be before `to`', path: ['to'] };

/**
 * Which entries of the org's audit log to read (`GET /api/audit`) or export
 * (`GET /api/audit/export`): both take exactly these query parameters. A route that takes more
 * (`format`) adds them with `.safeExtend()`, which keeps the date-order check.
 */
export const auditFilterQuerySchema = z.object(auditFilterFields).refine(inOrder, ORDER_ISSUE);
export type AuditFilter = z.output<typeof auditFilterQuerySchema>;
/** The filter as a client writes it in the address. */
export type AuditFilterQuery = z.input<typeof auditFilterQuerySchema>;

export const AUDIT_PAGE_LIMIT_DEFAULT = 50;
export const AUDIT_PAGE_LIMIT_MAX = 200;

export const auditListQuerySchema = z
  .object({
    ...auditFilterFields,
    cursor: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor from this API')
      .optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(AUDIT_PAGE_LIMIT_MAX)
      .default(AUDIT_PAGE_LIMIT_DEFAULT),
  })
  .refine(inOrder, ORDER_ISSUE);
export type AuditListQuery = z.output<typeof auditListQuerySchema>;

const person = z.object({ id: z.uuid(), name: z.string() });

export const auditEntrySchema = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  at: z.iso.datetime(),
  action: auditActionSchema,
  /** The action in words ("Signed in"), from AUDIT_ACTION_LABELS. */
  actionLabel: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  failureReason: z.string().nullable(),
  /** Who acted (the impersonated user, when an administrator was impersonating). */
  actor: person.extend({ email: z.string() }).nullable(),
  /** The administrator really acting, when impersonating. */
  realUser: person.nullable(),
  /** The API token that acted, when a script did. */
  apiToken: person.nullable(),
  isImpersonating: z.boolean(),
  target: z
    .object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() })
    .nullable(),
  ip: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  userAgent: z.string().nullable(),
  device: deviceSchema.nullable(),
  before: z.unknown(),
  after: z.unknown(),
  metadata: z.unknown(),
});
export type AuditEntryDTO = z.infer<typeof auditEntrySchema>;

export const auditListResponseSchema = z.object({
  items: z.array(auditEntrySchema),
  nextCursor: z.string().nullable(),
});
export type AuditListResponse = z.infer<typeof auditListResponseSchema>;
