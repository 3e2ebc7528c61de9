import { z } from 'zod';
import { IMPERSONATION_MODES } from './dto/impersonation.js';
import { SESSION_PRESETS } from './session-policy.js';
import { STEP_UP_METHODS, STEP_UP_PURPOSES } from './step-up.js';

/** The audit taxonomy (DESIGN §8): every action an audit row may record. */
export const AUDIT_ACTIONS = {
  USER_SIGNED_UP: 'USER_SIGNED_UP',
  /** A sign-up with an email that has an account (SMTP configured): nothing created, owner mailed. */
  SIGN_UP_EMAIL_TAKEN: 'SIGN_UP_EMAIL_TAKEN',
  LOGIN_SUCCESS: 'LOGIN_SUCCESS',
  LOGIN_FAILURE: 'LOGIN_FAILURE',
  /** The password was right; the second factor is still to come. */
  LOGIN_MFA_REQUIRED: 'LOGIN_MFA_REQUIRED',
  /** The sign-in was verified but at the session limit: the person chooses which session ends. */
  LOGIN_SESSION_LIMIT: 'LOGIN_SESSION_LIMIT',
  LOGOUT: 'LOGOUT',
  PASSWORD_CHANGED: 'PASSWORD_CHANGED',
  /** A reset link was mailed ("Forgot password?"); never the token. */
  PASSWORD_RESET_REQUESTED: 'PASSWORD_RESET_REQUESTED',
  /** The password was set through a reset link; every session ended. */
  PASSWORD_RESET: 'PASSWORD_RESET',
  /**
   * A session's start is the row of the event that opened it (LOGIN_SUCCESS with its `sessionId`,
   * USER_SIGNED_UP, IMPERSONATION_STARTED); sessions ended together are counted by the event
   * that ended them (PASSWORD_CHANGED, PASSWORD_RESET, FORCE_LOGOUT, THIS_WASNT_ME, ROLE_CHANGED,
   * USER_DISABLED, ORG_SESSIONS_REVOKED, SESSIONS_BULK_REVOKED). A request that only extends a
   * session writes nothing. (SESSION_CREATED, SESSION_REFRESHED and SESSION_INVALIDATED were
   * declared once and never written; issue 19 removed them.)
   */
  SESSION_REVOKED: 'SESSION_REVOKED',
  SESSION_REVOKE_ALL: 'SESSION_REVOKE_ALL',
  SESSION_EVICTED: 'SESSION_EVICTED',
  SESSIONS_CLEANED_UP: 'SESSIONS_CLEANED_UP',
  STEP_UP_VERIFIED: 'STEP_UP_VERIFIED',
  MFA_ENROLLED: 'MFA_ENROLLED',
  MFA_DISABLED: 'MFA_DISABLED',
  PASSKEY_ADDED: 'PASSKEY_ADDED',
  PASSKEY_RENAMED: 'PASSKEY_RENAMED',
  PASSKEY_REMOVED: 'PASSKEY_REMOVED',
  /** A passkey signed a sign-in or a step-up (or was refused doing so). */
  PASSKEY_USED: 'PASSKEY_USED',
  RECOVERY_CODES_REGENERATED: 'RECOVERY_CODES_REGENERATED',
  RECOVERY_CODE_USED: 'RECOVERY_CODE_USED',
  IMPERSONATION_STARTED: 'IMPERSONATION_STARTED',
  IMPERSONATION_ENDED: 'IMPERSONATION_ENDED',
  IP_RULE_CREATED: 'IP_RULE_CREATED',
  IP_RULE_DELETED: 'IP_RULE_DELETED',
  /** An operator removed every rule of an org from the command line (`pnpm gatehouse`). */
  IP_RULES_CLEARED: 'IP_RULES_CLEARED',
  USER_CREATED: 'USER_CREATED',
  ROLE_CHANGED: 'ROLE_CHANGED',
  USER_DISABLED: 'USER_DISABLED',
  /** A disabled user may sign in again; what ended when they were disabled stays ended. */
  USER_ENABLED: 'USER_ENABLED',
  /** An admin tried to add a user whose email has an account (in any org): nothing was created. */
  USER_CREATE_EMAIL_TAKEN: 'USER_CREATE_EMAIL_TAKEN',
  ORG_SECURITY_UPDATED: 'ORG_SECURITY_UPDATED',
  ORG_SESSIONS_REVOKED: 'ORG_SESSIONS_REVOKED',
  /** An admin signed out every session a filter matched ("every session from this country"). */
  SESSIONS_BULK_REVOKED: 'SESSIONS_BULK_REVOKED',
  /** A write (or a refused request) made by an administrator while impersonating. */
  IMPERSONATED_REQUEST: 'IMPERSONATED_REQUEST',
  /** A support session's reads, one row when it ends: how many, when, which routes. */
  IMPERSONATION_PAGE_VIEWS: 'IMPERSONATION_PAGE_VIEWS',
  FORCE_LOGOUT: 'FORCE_LOGOUT',
  DOCUMENT_UPLOADED: 'DOCUMENT_UPLOADED',
  DOCUMENT_DOWNLOADED: 'DOCUMENT_DOWNLOADED',
  SHARE_CREATED: 'SHARE_CREATED',
  SHARE_REVOKED: 'SHARE_REVOKED',
  API_TOKEN_CREATED: 'API_TOKEN_CREATED',
  API_TOKEN_REVOKED: 'API_TOKEN_REVOKED',
  ALERT_RAISED: 'ALERT_RAISED',
  ALERT_ACKNOWLEDGED: 'ALERT_ACKNOWLEDGED',
  /** "Acknowledge all": every open alert the admin was shown (and may close) at once. */
  ALERTS_ACKNOWLEDGED: 'ALERTS_ACKNOWLEDGED',
  /** The user followed "This wasn't me": every session ended, a new password is required. */
  THIS_WASNT_ME: 'THIS_WASNT_ME',
  /** A public share link (`/s/:token`) was fetched, or refused (unknown, revoked, expired). */
  SHARE_LINK_OPENED: 'SHARE_LINK_OPENED',
  /** A signed download URL was used, or refused (bad signature, expired). */
  DOWNLOAD_LINK_USED: 'DOWNLOAD_LINK_USED',
  /** A write was refused for a missing or wrong CSRF token or a foreign Origin. */
  CSRF_REFUSED: 'CSRF_REFUSED',
  /** A session or API-token request came from an address the org's IP rules block. */
  IP_BLOCKED: 'IP_BLOCKED',
  /** An API token asked for something its scopes do not cover. */
  SCOPE_REFUSED: 'SCOPE_REFUSED',
  /** Requests refused with 429: one row per window and key, with the count (decision 013). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Someone downloaded the org's audit log (CSV or JSONL), with the filters they used. */
  AUDIT_EXPORTED: 'AUDIT_EXPORTED',
  /** An operator re-keyed the org's old unkeyed chain (`pnpm audit:migrate`, decision 012). */
  AUDIT_CHAIN_MIGRATED: 'AUDIT_CHAIN_MIGRATED',
  /** The browser bound the session to its key (DBSC registration), or the registration failed. */
  DBSC_REGISTERED: 'DBSC_REGISTERED',
  /** A DBSC refresh was refused (no or a bad proof, a used or expired challenge). */
  DBSC_REFRESH_FAILED: 'DBSC_REFRESH_FAILED',
  /** A DBSC refresh of a session that ended was answered `{"continue": false}`. */
  DBSC_SESSION_ENDED: 'DBSC_SESSION_ENDED',
  /** A refresh was signed by another key than the session's: the session was ended. */
  DBSC_KEY_MISMATCH: 'DBSC_KEY_MISMATCH',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_OUTCOMES = ['SUCCESS', 'FAIL'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

const none = z.object({});
/**
 * How a support session ended: the administrator left, its time ran out, or it was cut short
 * (signed out by the user or an administrator, or the account's sessions were invalidated).
 */
export const SUPPORT_SESSION_ENDINGS = ['exit', 'expired', 'revoked'] as const;
export type SupportSessionEnding = (typeof SUPPORT_SESSION_ENDINGS)[number];
const deviceLabel = z.string().nullable();
const email = z.string();

const orgSecuritySnapshot = z.object({
  requireMfaForDownloads: z.boolean(),
  requireMfaForShares: z.boolean(),
  preset: z.enum(SESSION_PRESETS),
  idleMinutes: z.number().int().nullable(),
  absoluteMinutes: z.number().int().nullable(),
  maxSessionsPerUser: z.number().int(),
  impersonationMode: z.enum(IMPERSONATION_MODES),
  requireDeviceBoundAdmins: z.boolean().optional(),
  requirePasskeysForAdmins: z.boolean().optional(),
  effective: z.object({ idleMinutes: z.number().int(), absoluteMinutes: z.number().int() }),
});

/**
 * A refusal is recorded once per window and key: the first refusal's row says `count: 1`, and a
 * summary row (`summary: true`) carries the window's total when more followed (decision 013).
 */
const refusalWindow = z
  .object({
    count: z.number().int(),
    summary: z.boolean(),
    startedAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
  })
  .optional();
/** Which request was refused: its method and route pattern (never its query or a token). */
const refusedRequest = { method: z.string(), route: z.string(), window: refusalWindow };

const endedKind = z.object({ count: z.number().int(), ids: z.array(z.uuid()) });
/**
 * What ending a user's access ended (decision 017): their sessions, the support sessions they
 * opened as an administrator, step-up grants, pending MFA sign-ins and the API tokens they made
 * (`apiKeys`: the chain's secret scrubber drops every key named like "token").
 */
export const endedAccessSchema = z.object({
  sessions: endedKind,
  supportSessions: endedKind,
  grants: endedKind,
  challenges: endedKind,
  apiKeys: endedKind,
});
export type EndedAccess = z.infer<typeof endedAccessSchema>;
/** A routine password change or reset keeps the user's API tokens: how many were kept. */
const keptApiKeys = z.number().int();
const role = z.enum(['owner', 'admin', 'member']);

/**
 * What each action may carry in `metadata` / `before` / `after`. The server's emitter accepts
 * only these shapes (unknown keys are dropped), so a secret cannot ride along by accident; the
 * secret scrubber stays as a second net.
 */
export const AUDIT_EVENT_SCHEMAS = {
  USER_SIGNED_UP: { metadata: z.object({ orgName: z.string() }) },
  SIGN_UP_EMAIL_TAKEN: { metadata: z.object({ orgName: z.string() }) },
  LOGIN_SUCCESS: {
    metadata: z.object({
      email,
      sessionId: z.uuid(),
      device: deviceLabel,
      authMethods: z.array(z.string()),
      mfaMethod: z.enum(['totp', 'recovery_code', 'passkey']).optional(),
    }),
  },
  LOGIN_FAILURE: {
    metadata: z.object({
      email: email.optional(),
      mfaMethod: z.enum(['totp', 'recovery_code', 'passkey']).optional(),
    }),
  },
  LOGIN_MFA_REQUIRED: { metadata: z.object({ email }) },
  LOGIN_SESSION_LIMIT: {
    metadata: z.object({ email, live: z.number().int(), limit: z.number().int() }),
  },
  LOGOUT: { metadata: none },
  PASSWORD_CHANGED: {
    metadata: z.object({
      revokedOtherSessions: z.number().int(),
      ended: endedAccessSchema.optional(),
      keptApiKeys: keptApiKeys.optional(),
    }),
  },
  PASSWORD_RESET_REQUESTED: { metadata: z.object({ expiresAt: z.iso.datetime() }) },
  PASSWORD_RESET: {
    metadata: z.object({
      revokedSessions: z.number().int(),
      mfaMethod: z.enum(['totp', 'recovery_code']).optional(),
      ended: endedAccessSchema.optional(),
      keptApiKeys: keptApiKeys.optional(),
    }),
  },
  DBSC_REGISTERED: {
    metadata: z.object({
      sessionId: z.uuid(),
      algorithm: z.string().optional(),
      window: refusalWindow,
    }),
  },
  DBSC_REFRESH_FAILED: { metadata: z.object({ sessionId: z.uuid(), window: refusalWindow }) },
  DBSC_SESSION_ENDED: { metadata: z.object({ sessionId: z.uuid(), reason: z.string() }) },
  DBSC_KEY_MISMATCH: { metadata: z.object({ sessionId: z.uuid(), device: deviceLabel }) },
  SESSION_REVOKED: { metadata: z.object({ userId: z.uuid(), device: deviceLabel }) },
  SESSION_REVOKE_ALL: { metadata: z.object({ revoked: z.number().int(), kept: z.uuid() }) },
  SESSION_EVICTED: {
    metadata: z.object({
      reason: z.literal('session_limit'),
      device: deviceLabel,
      newSessionId: z.uuid(),
    }),
  },
  SESSIONS_CLEANED_UP: { metadata: z.object({ deleted: z.number().int() }) },
  STEP_UP_VERIFIED: {
    metadata: z.object({ purpose: z.enum(STEP_UP_PURPOSES), method: z.enum(STEP_UP_METHODS) }),
  },
  MFA_ENROLLED: { metadata: z.object({ method: z.literal('totp') }) },
  MFA_DISABLED: { metadata: z.object({ method: z.literal('totp') }) },
  /** `credential` is the passkey's id (a key named like "pass…" would be scrubbed as a secret). */
  PASSKEY_ADDED: {
    metadata: z.object({
      credential: z.uuid(),
      name: z.string(),
      provider: z.string().nullable(),
      backedUp: z.boolean(),
    }),
  },
  PASSKEY_RENAMED: {
    before: z.object({ name: z.string() }),
    after: z.object({ name: z.string() }),
  },
  PASSKEY_REMOVED: {
    metadata: z.object({ credential: z.uuid(), name: z.string(), provider: z.string().nullable() }),
  },
  PASSKEY_USED: {
    metadata: z.object({
      credential: z.uuid().optional(),
      context: z.enum(['sign_in', 'step_up']),
      purpose: z.enum(STEP_UP_PURPOSES).optional(),
    }),
  },
  RECOVERY_CODES_REGENERATED: { metadata: none },
  RECOVERY_CODE_USED: {
    metadata: z.object({
      context: z.enum(['sign_in', 'step_up']),
      purpose: z.enum(STEP_UP_PURPOSES).optional(),
      left: z.number().int().optional(),
    }),
  },
  IMPERSONATION_STARTED: {
    metadata: z.object({
      reason: z.string(),
      sessionId: z.uuid(),
      mode: z.enum(['read_only', 'full']),
      expiresAt: z.iso.datetime(),
    }),
  },
  IMPERSONATION_ENDED: {
    metadata: z.object({
      reason: z.string(),
      sessionId: z.uuid(),
      durationSeconds: z.number().int(),
      endedBy: z.enum(SUPPORT_SESSION_ENDINGS),
      /** How many reads its IMPERSONATION_PAGE_VIEWS row summed up (the user's email says). */
      pageViews: z.number().int().optional(),
    }),
  },
  IMPERSONATED_REQUEST: {
    metadata: z.object({ method: z.string(), route: z.string() }),
  },
  IMPERSONATION_PAGE_VIEWS: {
    metadata: z.object({
      reason: z.string(),
      sessionId: z.uuid(),
      count: z.number().int(),
      firstAt: z.iso.datetime(),
      lastAt: z.iso.datetime(),
      routes: z.array(z.object({ method: z.string(), route: z.string(), count: z.number().int() })),
    }),
  },
  IP_RULE_CREATED: {
    after: z.object({ action: z.enum(['allow', 'deny']), cidr: z.string(), note: z.string() }),
  },
  IP_RULE_DELETED: {
    before: z.object({ action: z.enum(['allow', 'deny']), cidr: z.string(), note: z.string() }),
  },
  IP_RULES_CLEARED: {
    metadata: z.object({
      by: z.literal('operator'),
      cleared: z.number().int(),
      /** The first rules removed, so they can be put back (the count covers them all). */
      rules: z.array(
        z.object({ action: z.enum(['allow', 'deny']), cidr: z.string(), note: z.string() }),
      ),
    }),
  },
  USER_CREATED: {
    after: z.object({ email, name: z.string(), role }),
  },
  USER_CREATE_EMAIL_TAKEN: { after: z.object({ email, name: z.string(), role }) },
  ROLE_CHANGED: {
    before: z.object({ role }),
    after: z.object({ role }),
    /** A demotion ends the user's access; a promotion ends nothing. */
    metadata: z.object({ ended: endedAccessSchema.optional() }),
  },
  USER_DISABLED: {
    metadata: z.object({ disabled: z.boolean(), ended: endedAccessSchema.optional() }),
  },
  USER_ENABLED: { metadata: none },
  ORG_SECURITY_UPDATED: { before: orgSecuritySnapshot, after: orgSecuritySnapshot },
  ORG_SESSIONS_REVOKED: {
    metadata: z.object({ scope: z.enum(['others', 'all']), revoked: z.number().int() }),
  },
  FORCE_LOGOUT: {
    metadata: z.object({
      revoked: z.number().int(),
      ended: endedAccessSchema.optional(),
      /** What the administrator wrote; the user's sign-in page shows it (decision 022). */
      reason: z.string().optional(),
    }),
  },
  SESSIONS_BULK_REVOKED: {
    metadata: z.object({
      filter: z.object({
        userId: z.uuid().optional(),
        deviceType: z.string().optional(),
        country: z.string().optional(),
        notSeenDays: z.number().int().optional(),
      }),
      revoked: z.number().int(),
    }),
  },
  DOCUMENT_UPLOADED: { metadata: z.object({ name: z.string(), size: z.number().int() }) },
  DOCUMENT_DOWNLOADED: {
    metadata: z.object({ name: z.string(), mfaAt: z.iso.datetime().nullable() }),
  },
  SHARE_CREATED: { metadata: z.object({ shareId: z.uuid(), expiresAt: z.iso.datetime() }) },
  SHARE_REVOKED: { metadata: z.object({ documentId: z.uuid() }) },
  API_TOKEN_CREATED: { metadata: z.object({ name: z.string(), scopes: z.array(z.string()) }) },
  API_TOKEN_REVOKED: { metadata: z.object({ name: z.string() }) },
  ALERT_RAISED: {
    metadata: z.object({ type: z.string(), severity: z.string(), alertId: z.uuid().optional() }),
  },
  ALERT_ACKNOWLEDGED: { metadata: z.object({ type: z.string(), userId: z.uuid() }) },
  ALERTS_ACKNOWLEDGED: {
    metadata: z.object({
      acknowledged: z.number().int(),
      /** Alerts about the admin or their own acts, left for someone else. */
      skipped: z.number().int(),
      filters: z.record(z.string(), z.unknown()),
    }),
  },
  THIS_WASNT_ME: {
    metadata: z.object({
      alertId: z.uuid(),
      revoked: z.number().int(),
      ended: endedAccessSchema.optional(),
    }),
  },
  SHARE_LINK_OPENED: {
    metadata: z.object({
      shareId: z.uuid().optional(),
      documentId: z.uuid().optional(),
      window: refusalWindow,
    }),
  },
  DOWNLOAD_LINK_USED: {
    metadata: z.object({ name: z.string().optional(), window: refusalWindow }),
  },
  CSRF_REFUSED: {
    metadata: z.object({ ...refusedRequest, check: z.enum(['origin', 'csrf_token']) }),
  },
  IP_BLOCKED: { metadata: z.object(refusedRequest) },
  SCOPE_REFUSED: {
    metadata: z.object({ ...refusedRequest, requiredScope: z.string().nullable() }),
  },
  RATE_LIMITED: {
    metadata: z.object({ ...refusedRequest, attempted: z.string().optional() }),
  },
  AUDIT_EXPORTED: {
    metadata: z.object({
      format: z.enum(['csv', 'jsonl']),
      filters: z.record(z.string(), z.unknown()),
    }),
  },
  AUDIT_CHAIN_MIGRATED: {
    metadata: z.object({
      /** Entries 1…throughSeq were re-keyed. */
      throughSeq: z.number().int(),
      /** The old chain's head (its sha256), which the re-keyed chain keeps as its digest. */
      legacyHead: z.string(),
      keyId: z.string(),
      command: z.literal('pnpm audit:migrate'),
    }),
  },
} as const satisfies Record<
  AuditAction,
  { metadata?: z.ZodObject; before?: z.ZodObject; after?: z.ZodObject }
>;

type Schemas = typeof AUDIT_EVENT_SCHEMAS;
type PayloadOf<A extends AuditAction, K extends 'metadata' | 'before' | 'after'> =
  Schemas[A] extends Record<K, z.ZodType> ? z.input<Schemas[A][K]> : never;

/** What an event of action `A` may say beyond who, when and where. */
export type AuditPayload<A extends AuditAction> = {
  metadata?: PayloadOf<A, 'metadata'>;
  before?: PayloadOf<A, 'before'>;
  after?: PayloadOf<A, 'after'>;
};

/** Checks an event's payload against its action's schemas; unknown keys are dropped. */
export function parseAuditPayload<A extends AuditAction>(
  action: A,
  payload: AuditPayload<A>,
): { metadata: unknown; before: unknown; after: unknown } {
  const schemas: { metadata?: z.ZodType; before?: z.ZodType; after?: z.ZodType } =
    AUDIT_EVENT_SCHEMAS[action];
  const part = (key: 'metadata' | 'before' | 'after'): unknown => {
    const value = payload[key];
    if (value === undefined || value === null) return null;
    const schema = schemas[key];
    if (!schema) throw new Error(`audit action ${action} carries no ${key}`);
    return schema.parse(value);
  };
  return { metadata: part('metadata'), before: part('before'), after: part('after') };
}
