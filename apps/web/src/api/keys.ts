/**
 * Every server-state cache key in one place, so a mutation in one feature can refresh what
 * another shows. Keys nest: invalidating `orgSecurity` also refreshes `activeUsers`, and
 * `orgSessions` every filtered list of them.
 */
export const queryKeys = {
  me: ['me'],
  sessions: ['sessions'],
  /** Every session of the org (admins); one entry per filter below it. */
  orgSessions: ['org-sessions'],
  mfaStatus: ['mfa-status'],
  passkeys: ['passkeys'],
  securityActivity: ['security-activity'],
  documents: ['documents'],
  shares: ['shares'],
  team: ['team'],
  orgSecurity: ['org-security'],
  activeUsers: ['org-security', 'active-users'],
  ipRules: ['ip-rules'],
  /** The org's API tokens (owners). */
  apiTokens: ['api-tokens'],
  /** The org's audit log (AUDIT_VIEW); one entry per filter below it. */
  audit: ['audit'],
  /** The org's security alerts (admins); one entry per filter below it. */
  alerts: ['alerts'],
  devMail: ['dev-mail'],
  /** A password-reset link's check, per token (anonymous). */
  resetLink: ['reset-link'],
} as const;
