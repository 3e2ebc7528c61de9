import type { AuditAction, AuditOutcome } from './audit-events.js';
import type { ErrorCode } from './errors.js';

/**
 * Each audit action in words, as it happened and as it was refused: the one table the audit
 * page, its CSV export, the user's security activity and the alerts read. A refusal reads as
 * one ("Password change refused"), never as the thing done plus "Failed".
 */
const ACTION_WORDS: Record<AuditAction, readonly [done: string, refused: string]> = {
  USER_SIGNED_UP: ['Signed up', 'Sign-up refused'],
  SIGN_UP_EMAIL_TAKEN: ['Sign-up attempted with a taken email', 'Sign-up refused'],
  LOGIN_SUCCESS: ['Signed in', 'Sign-in refused'],
  LOGIN_FAILURE: ['Sign-in failed', 'Sign-in refused'],
  LOGIN_MFA_REQUIRED: ['Password accepted, second factor asked', 'Sign-in refused'],
  LOGIN_SESSION_LIMIT: ['Sign-in verified, session to end asked (limit)', 'Sign-in refused'],
  LOGOUT: ['Signed out', 'Sign-out refused'],
  PASSWORD_CHANGED: ['Password changed', 'Password change refused'],
  PASSWORD_RESET_REQUESTED: ['Password reset requested', 'Password reset request refused'],
  PASSWORD_RESET: ['Password reset', 'Password reset refused'],
  DBSC_REGISTERED: ['Session bound to this device', 'Binding the session to the device failed'],
  DBSC_REFRESH_FAILED: ['Device proof refused', 'Device proof refused'],
  DBSC_SESSION_ENDED: ['Device-bound session told to stop', 'Device-bound session told to stop'],
  DBSC_KEY_MISMATCH: [
    'Session ended: device proof signed by another key',
    'Session ended: device proof signed by another key',
  ],
  SESSION_REVOKED: ['Session revoked', 'Session sign-out refused'],
  SESSION_REVOKE_ALL: ['Other sessions signed out', 'Signing out other sessions refused'],
  SESSION_EVICTED: ['Session signed out (session limit)', 'Session-limit sign-out refused'],
  SESSIONS_CLEANED_UP: ['Expired sessions cleaned up', 'Clean-up refused'],
  STEP_UP_VERIFIED: ['Identity verified (step-up)', 'Verification refused'],
  MFA_ENROLLED: [
    'Two-factor authentication turned on',
    'Turning on two-factor authentication refused',
  ],
  MFA_DISABLED: [
    'Two-factor authentication turned off',
    'Turning off two-factor authentication refused',
  ],
  PASSKEY_ADDED: ['Passkey added', 'Adding a passkey refused'],
  PASSKEY_RENAMED: ['Passkey renamed', 'Renaming a passkey refused'],
  PASSKEY_REMOVED: ['Passkey removed', 'Removing a passkey refused'],
  PASSKEY_USED: ['Passkey used', 'Passkey refused'],
  RECOVERY_CODES_REGENERATED: ['Recovery codes regenerated', 'New recovery codes refused'],
  RECOVERY_CODE_USED: ['Recovery code used', 'Recovery code refused'],
  IMPERSONATION_STARTED: ['Impersonation started', 'Impersonation refused'],
  IMPERSONATION_ENDED: ['Impersonation ended', 'Ending impersonation refused'],
  IP_RULE_CREATED: ['IP rule created', 'IP rule refused'],
  IP_RULE_DELETED: ['IP rule deleted', 'IP rule deletion refused'],
  IP_RULES_CLEARED: ['IP rules cleared by an operator', 'Clearing IP rules refused'],
  USER_CREATED: ['User created', 'Adding a user refused'],
  ROLE_CHANGED: ['Role changed', 'Role change refused'],
  USER_DISABLED: ['User disabled', 'Disabling a user refused'],
  USER_ENABLED: ['User enabled', 'Enabling a user refused'],
  USER_CREATE_EMAIL_TAKEN: ['User not added: the email has an account', 'Adding a user refused'],
  ORG_SECURITY_UPDATED: [
    'Organisation security settings changed',
    'Security settings change refused',
  ],
  ORG_SESSIONS_REVOKED: ['Organisation sessions signed out', 'Signing everyone out refused'],
  SESSIONS_BULK_REVOKED: ['Matching sessions signed out', 'Signing out matching sessions refused'],
  IMPERSONATED_REQUEST: ['Request while impersonating', 'Request while impersonating refused'],
  IMPERSONATION_PAGE_VIEWS: [
    'Pages viewed while impersonating',
    'Pages viewed while impersonating',
  ],
  FORCE_LOGOUT: ['Forced logout', 'Forced logout refused'],
  DOCUMENT_UPLOADED: ['Document uploaded', 'Upload refused'],
  DOCUMENT_DOWNLOADED: ['Document downloaded', 'Download refused'],
  SHARE_CREATED: ['Share link created', 'Share link refused'],
  SHARE_REVOKED: ['Share link revoked', 'Revoking a share link refused'],
  API_TOKEN_CREATED: ['API token created', 'API token refused'],
  API_TOKEN_REVOKED: ['API token revoked', 'Revoking an API token refused'],
  ALERT_RAISED: ['Security alert raised', 'Security alert raised'],
  ALERT_ACKNOWLEDGED: ['Security alert acknowledged', 'Acknowledging an alert refused'],
  ALERTS_ACKNOWLEDGED: ['Security alerts acknowledged (all)', 'Acknowledging all alerts refused'],
  THIS_WASNT_ME: ['"This wasn’t me": account secured', '"This wasn’t me" refused'],
  SHARE_LINK_OPENED: ['Share link opened', 'Share link refused'],
  DOWNLOAD_LINK_USED: ['Download link used', 'Download link refused'],
  CSRF_REFUSED: ['Cross-site request refused', 'Cross-site request refused'],
  IP_BLOCKED: ['Blocked by IP rules', 'Blocked by IP rules'],
  SCOPE_REFUSED: ['API token outside its scopes', 'API token outside its scopes'],
  RATE_LIMITED: ['Too many requests (throttled)', 'Too many requests (throttled)'],
  AUDIT_EXPORTED: ['Audit log exported', 'Audit export refused'],
  AUDIT_CHAIN_MIGRATED: ['Old audit chain re-keyed by an operator', 'Re-keying refused'],
};

/** Each audit action in words as it happened, for the audit log page and its CSV export. */
export const AUDIT_ACTION_LABELS = Object.fromEntries(
  Object.entries(ACTION_WORDS).map(([action, [done]]) => [action, done]),
) as Record<AuditAction, string>;

const isAction = (action: string): action is AuditAction => Object.hasOwn(ACTION_WORDS, action);

/** The label of an action read back from the log (an unknown one is shown as stored). */
export function auditActionLabel(action: string, outcome: AuditOutcome = 'SUCCESS'): string {
  if (!isAction(action)) return action;
  const [done, refused] = ACTION_WORDS[action];
  return outcome === 'FAIL' ? refused : done;
}

/** Why something was refused, for every reason the log records: error codes, then link problems. */
export const FAILURE_REASON_LABELS: Record<ErrorCode | LinkProblem, string> = {
  INVALID_JSON: 'Unreadable request',
  INVALID_OTP: 'Wrong authentication code',
  INVALID_PASSWORD: 'Wrong password',
  INVALID_LINK: 'Link used or expired',
  BAD_REQUEST: 'Unreadable request',
  RESET_TOKEN_INVALID: 'Reset link used or expired',
  SECOND_FACTOR_REQUIRED: 'Second factor missing',
  INVALID_PASSKEY: 'Passkey did not verify',
  PASSKEY_REQUIRED: 'Only a passkey will do',
  OWN_PASSKEY_REQUIRED: 'No passkey of their own',
  UNAUTHENTICATED: 'Not signed in',
  INVALID_CREDENTIALS: 'Wrong email or password',
  FORBIDDEN: 'Not allowed',
  CSRF_FAILED: 'Cross-site request',
  IMPERSONATION_READ_ONLY: 'Read-only support session',
  IP_BLOCKED: 'Address not allowed',
  INSUFFICIENT_SCOPE: 'Outside the token’s scopes',
  PASSWORD_RESET_REQUIRED: 'New password required first',
  OWN_ALERT: 'An alert about themselves',
  NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED: 'Not allowed',
  CONFLICT: 'Already done',
  WOULD_BLOCK_OWNER: 'Would block an owner',
  LAST_OWNER: 'Would leave no owner',
  PAYLOAD_TOO_LARGE: 'Too large',
  STORAGE_QUOTA_EXCEEDED: 'Storage full',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported format',
  VALIDATION_FAILED: 'Invalid input',
  STEP_UP_REQUIRED: 'Not verified',
  RATE_LIMITED: 'Too many attempts',
  INTERNAL: 'Server error',
  UNAVAILABLE: 'Database unavailable',
  share_unknown: 'Unknown link',
  share_revoked: 'Link revoked',
  share_expired: 'Link expired',
  bad_signature: 'Altered or forged link',
  expired: 'Link expired',
  document_gone: 'Document deleted',
};

/** What a share or download link can be refused for (recorded as the failure reason). */
export type LinkProblem =
  | 'share_unknown'
  | 'share_revoked'
  | 'share_expired'
  | 'bad_signature'
  | 'expired'
  | 'document_gone';

/** "Wrong password" for `INVALID_PASSWORD`; an unknown reason is `unknown`, or as stored. */
export function failureReasonLabel(reason: string, unknown = reason): string {
  return Object.hasOwn(FAILURE_REASON_LABELS, reason)
    ? FAILURE_REASON_LABELS[reason as keyof typeof FAILURE_REASON_LABELS]
    : unknown;
}
