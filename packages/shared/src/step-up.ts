/** Step-up purposes (DESIGN §5) and how long a grant for each stays fresh. */
export const STEP_UP_PURPOSES = [
  'REVOKE_SESSION',
  'REVOKE_ALL_OTHER_SESSIONS',
  'FORCE_LOGOUT',
  'IP_RULE_CHANGE',
  'IMPERSONATION',
  'DOWNLOAD',
  'SHARE',
  'MFA_DISABLE',
  'RECOVERY_CODES',
  'ORG_SECURITY_CHANGE',
  'ORG_SESSIONS_REVOKE',
  'ROLE_CHANGE',
  'API_TOKEN_CHANGE',
  /** Adding a second factor (a stolen cookie must not enrol its own authenticator). */
  'MFA_CHANGE',
] as const;
export type StepUpPurpose = (typeof STEP_UP_PURPOSES)[number];

export const STEP_UP_TTL_MS = 10 * 60 * 1000;
export const STEP_UP_LONG_TTL_MS = 30 * 60 * 1000;

export function stepUpTtlMs(purpose: StepUpPurpose): number {
  return purpose === 'DOWNLOAD' || purpose === 'SHARE' ? STEP_UP_LONG_TTL_MS : STEP_UP_TTL_MS;
}

/**
 * Organisation-settings purposes (DESIGN §5): once the session verifies for one of them, the
 * others are covered for ORG_SETTINGS_WINDOW_MS (each purpose's own grant keeps its own TTL).
 * `REVOKE_SESSION` belongs here only for another user's session: revoking your own stays bound to
 * its purpose, and a `REVOKE_SESSION` grant opens no window (it does not say whose session it was).
 * `MFA_CHANGE`, `MFA_DISABLE`, `RECOVERY_CODES`, `IMPERSONATION`, `DOWNLOAD`, `SHARE` and
 * `REVOKE_ALL_OTHER_SESSIONS` stay bound to their own purpose.
 */
export const ORG_SETTINGS_PURPOSES = [
  'ORG_SECURITY_CHANGE',
  'IP_RULE_CHANGE',
  'API_TOKEN_CHANGE',
  'ORG_SESSIONS_REVOKE',
  'FORCE_LOGOUT',
  'REVOKE_SESSION',
  'ROLE_CHANGE',
] as const satisfies readonly StepUpPurpose[];
export type OrgSettingsPurpose = (typeof ORG_SETTINGS_PURPOSES)[number];
export const ORG_SETTINGS_WINDOW_MS = 5 * 60 * 1000;

/** The org-settings purposes whose grant opens the shared window (all but `REVOKE_SESSION`). */
export const ORG_SETTINGS_WINDOW_OPENERS: readonly StepUpPurpose[] = ORG_SETTINGS_PURPOSES.filter(
  (purpose) => purpose !== 'REVOKE_SESSION',
);

export function isOrgSettingsPurpose(purpose: StepUpPurpose): purpose is OrgSettingsPurpose {
  return (ORG_SETTINGS_PURPOSES as readonly StepUpPurpose[]).includes(purpose);
}

export const STEP_UP_METHODS = ['password', 'totp', 'recovery_code', 'passkey'] as const;
export type StepUpMethod = (typeof STEP_UP_METHODS)[number];

/**
 * Purposes the org's MFA policy governs (DESIGN §5): step-up is needed only when the org turns
 * the setting on, and then only a second factor will do (never a password).
 */
export const MFA_POLICY_PURPOSES = {
  DOWNLOAD: 'requireMfaForDownloads',
  SHARE: 'requireMfaForShares',
} as const satisfies Partial<Record<StepUpPurpose, string>>;
export type MfaPolicyPurpose = keyof typeof MFA_POLICY_PURPOSES;

export function isMfaPolicyPurpose(purpose: StepUpPurpose): purpose is MfaPolicyPurpose {
  return purpose in MFA_POLICY_PURPOSES;
}

export const MFA_METHODS: readonly StepUpMethod[] = ['totp', 'recovery_code', 'passkey'];
