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
