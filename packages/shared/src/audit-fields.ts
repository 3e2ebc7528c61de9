import type { StepUpPurpose } from './step-up.js';

/**
 * What an audit entry's metadata fields are called when a person reads them (the audit page,
 * its export): `authMethods` is "Signed in with", `purpose` is "Verified for". A key not listed
 * is shown as it is stored.
 */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  email: 'Email',
  orgName: 'Organisation',
  sessionId: 'Session',
  newSessionId: 'New session',
  device: 'Device',
  authMethods: 'Signed in with',
  mfaMethod: 'Second factor',
  revokedOtherSessions: 'Other sessions signed out',
  revokedSessions: 'Sessions signed out',
  revoked: 'Sessions signed out',
  kept: 'Session kept',
  ended: 'Ended',
  keptApiKeys: 'API tokens kept',
  expiresAt: 'Expires',
  userId: 'User',
  reason: 'Reason',
  deleted: 'Deleted',
  purpose: 'Verified for',
  method: 'Method',
  context: 'When',
  left: 'Codes left',
  mode: 'Mode',
  durationSeconds: 'Lasted (seconds)',
  endedBy: 'Ended by',
  route: 'Route',
  routes: 'Pages',
  count: 'Count',
  firstAt: 'First',
  lastAt: 'Last',
  by: 'By',
  cleared: 'Rules cleared',
  rules: 'Rules',
  disabled: 'Disabled',
  scope: 'Who',
  filter: 'Filter',
  filters: 'Filters',
  name: 'Name',
  size: 'Size (bytes)',
  mfaAt: 'Second factor at',
  shareId: 'Share link',
  documentId: 'Document',
  scopes: 'Scopes',
  type: 'Type',
  severity: 'Severity',
  alertId: 'Alert',
  window: 'Attempts',
  check: 'Check',
  requiredScope: 'Scope needed',
  attempted: 'Attempted',
  format: 'Format',
  throughSeq: 'Through entry',
  legacyHead: 'Old head',
  keyId: 'Key',
  command: 'Command',
  preset: 'Session policy',
  idleMinutes: 'Idle timeout (minutes)',
  absoluteMinutes: 'Absolute lifetime (minutes)',
  effective: 'In effect',
  requireMfaForDownloads: 'Require MFA for downloads',
  requireMfaForShares: 'Require MFA for shares',
  maxSessionsPerUser: 'Sessions per user',
  impersonationMode: 'Impersonation',
  requirePasskeysForAdmins: 'Require passkeys for owners and admins',
  credential: 'Passkey',
  provider: 'Provider',
  backedUp: 'Synced',
  cidr: 'Range',
  action: 'Action',
  note: 'Note',
  role: 'Role',
};

const labelOf = (key: string): string =>
  Object.hasOwn(AUDIT_FIELD_LABELS, key) ? (AUDIT_FIELD_LABELS[key] ?? key) : key;

/** The label of a field, nested ones by their path (`effective.idleMinutes` → "In effect › …"). */
export function auditFieldLabel(path: string): string {
  return path.split('.').map(labelOf).join(' › ');
}

/** What a step-up was for, in words ("Sign out a session"). */
export const STEP_UP_PURPOSE_LABELS: Record<StepUpPurpose, string> = {
  REVOKE_SESSION: 'Sign out a session',
  REVOKE_ALL_OTHER_SESSIONS: 'Sign out other sessions',
  FORCE_LOGOUT: 'Force logout',
  IP_RULE_CHANGE: 'Change IP rules',
  IMPERSONATION: 'Impersonation',
  DOWNLOAD: 'Download a document',
  SHARE: 'Share a document',
  MFA_DISABLE: 'Turn off two-factor authentication',
  RECOVERY_CODES: 'New recovery codes',
  ORG_SECURITY_CHANGE: 'Change security settings',
  ORG_SESSIONS_REVOKE: 'Sign people out',
  ROLE_CHANGE: 'Change a role',
  API_TOKEN_CHANGE: 'Change API tokens',
  MFA_CHANGE: 'Change two-factor authentication',
};

/** Coded values a metadata field may hold, in words (`read_only` → "read-only"). */
export const AUDIT_VALUE_LABELS: Record<string, string> = {
  session_limit: 'the session limit',
  read_only: 'read-only',
  full: 'full access',
  exit: 'the administrator left',
  expired: 'its time ran out',
  revoked: 'it was signed out',
  sign_in: 'sign-in',
  step_up: 'step-up',
  recovery_code: 'recovery code',
  totp: 'authenticator app',
  passkey: 'passkey',
  password: 'password',
  csrf_token: 'CSRF token',
  origin: 'origin',
  others: 'everyone but the owner',
  all: 'everyone',
};

/** A stored value as a person reads it; anything not coded is shown as it is. */
export function auditValueLabel(value: string): string {
  return Object.hasOwn(AUDIT_VALUE_LABELS, value) ? (AUDIT_VALUE_LABELS[value] ?? value) : value;
}
