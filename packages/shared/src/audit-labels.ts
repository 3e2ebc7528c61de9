import type { AuditAction } from './audit-events.js';

/** Each audit action in words, for the audit log page and its CSV export. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  USER_SIGNED_UP: 'Signed up',
  LOGIN_SUCCESS: 'Signed in',
  LOGIN_FAILURE: 'Sign-in failed',
  LOGIN_MFA_REQUIRED: 'Password accepted, second factor asked',
  LOGOUT: 'Signed out',
  PASSWORD_CHANGED: 'Password changed',
  SESSION_CREATED: 'Session created',
  SESSION_REFRESHED: 'Session extended',
  SESSION_REVOKED: 'Session revoked',
  SESSION_REVOKE_ALL: 'Other sessions signed out',
  SESSION_INVALIDATED: 'Sessions invalidated',
  SESSION_EVICTED: 'Oldest session signed out (session limit)',
  SESSIONS_CLEANED_UP: 'Expired sessions cleaned up',
  STEP_UP_VERIFIED: 'Identity verified (step-up)',
  MFA_ENROLLED: 'Two-factor authentication turned on',
  MFA_DISABLED: 'Two-factor authentication turned off',
  RECOVERY_CODES_REGENERATED: 'Recovery codes regenerated',
  RECOVERY_CODE_USED: 'Recovery code used',
  IMPERSONATION_STARTED: 'Impersonation started',
  IMPERSONATION_ENDED: 'Impersonation ended',
  IP_RULE_CREATED: 'IP rule created',
  IP_RULE_DELETED: 'IP rule deleted',
  USER_CREATED: 'User created',
  ROLE_CHANGED: 'Role changed',
  USER_DISABLED: 'User disabled',
  USER_ENABLED: 'User enabled',
  USER_CREATE_EMAIL_TAKEN: 'User not added: the email has an account',
  ORG_SECURITY_UPDATED: 'Organisation security settings changed',
  ORG_SESSIONS_REVOKED: 'Organisation sessions signed out',
  SESSIONS_BULK_REVOKED: 'Matching sessions signed out',
  IMPERSONATED_REQUEST: 'Request while impersonating',
  FORCE_LOGOUT: 'Forced logout',
  DOCUMENT_UPLOADED: 'Document uploaded',
  DOCUMENT_DOWNLOADED: 'Document downloaded',
  SHARE_CREATED: 'Share link created',
  SHARE_REVOKED: 'Share link revoked',
  API_TOKEN_CREATED: 'API token created',
  API_TOKEN_REVOKED: 'API token revoked',
  ALERT_RAISED: 'Security alert raised',
  ALERT_ACKNOWLEDGED: 'Security alert acknowledged',
  THIS_WASNT_ME: '"This wasn’t me": account secured',
  SHARE_LINK_OPENED: 'Share link opened',
  DOWNLOAD_LINK_USED: 'Download link used',
  CSRF_REFUSED: 'Cross-site request refused',
  IP_BLOCKED: 'Blocked by IP rules',
  SCOPE_REFUSED: 'API token outside its scopes',
  RATE_LIMITED: 'Too many requests (throttled)',
  AUDIT_EXPORTED: 'Audit log exported',
  SIGN_UP_EMAIL_TAKEN: 'Sign-up attempted with a taken email',
  PASSWORD_RESET_REQUESTED: 'Password reset requested',
  PASSWORD_RESET: 'Password reset',
};

/** The label of an action read back from the log (an unknown one is shown as stored). */
export function auditActionLabel(action: string): string {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action)
    ? AUDIT_ACTION_LABELS[action as AuditAction]
    : action;
}
