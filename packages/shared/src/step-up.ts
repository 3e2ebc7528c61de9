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
] as const;
export type StepUpPurpose = (typeof STEP_UP_PURPOSES)[number];

export const STEP_UP_TTL_MS = 10 * 60 * 1000;
export const STEP_UP_LONG_TTL_MS = 30 * 60 * 1000;

export function stepUpTtlMs(purpose: StepUpPurpose): number {
  return purpose === 'DOWNLOAD' || purpose === 'SHARE' ? STEP_UP_LONG_TTL_MS : STEP_UP_TTL_MS;
}

export type StepUpMethod = 'password' | 'totp' | 'recovery_code';
