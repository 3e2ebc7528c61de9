import type { StepUpPurpose } from '@gatehouse/shared';

export type StepUpMethod = 'password' | 'totp' | 'recovery' | 'passkey';

/** Why this action asks again: the first half of the dialog's description. */
const WHY: Record<StepUpPurpose, string> = {
  REVOKE_SESSION: 'Signing a device out of your account needs a fresh check that it’s you.',
  REVOKE_ALL_OTHER_SESSIONS: 'Signing out your other devices needs a fresh check that it’s you.',
  FORCE_LOGOUT: 'Signing someone else out needs a fresh check that it’s you.',
  IP_RULE_CHANGE: 'Changing which addresses may connect needs a fresh check that it’s you.',
  IMPERSONATION: 'Acting as another user needs a fresh check that it’s you.',
  DOWNLOAD: 'Your organisation asks for a second factor before downloads.',
  SHARE: 'Your organisation asks for a second factor before sharing.',
  MFA_DISABLE: 'Turning off two-factor authentication needs a fresh check that it’s you.',
  RECOVERY_CODES: 'Making new recovery codes needs a fresh check that it’s you.',
  ORG_SECURITY_CHANGE:
    'Changing your organisation’s security settings needs a fresh check that it’s you.',
  ORG_SESSIONS_REVOKE: 'Signing people out needs a fresh check that it’s you.',
  ROLE_CHANGE: 'Changing someone’s role needs a fresh check that it’s you.',
  API_TOKEN_CHANGE: 'Changing API tokens needs a fresh check that it’s you.',
  MFA_CHANGE:
    'Adding an authenticator changes how you sign in, so first confirm it’s you, not someone using this browser.',
};

/** What to enter: the second half. */
const HOW: Record<StepUpMethod, string> = {
  password: 'Enter your password to continue.',
  totp: 'Enter the 6-digit code from your authenticator app.',
  recovery: 'Enter one of your recovery codes. Each works once.',
  passkey: 'Confirm with your passkey.',
};

/**
 * The "Verify to continue" dialog's description for this purpose and method; `action` is the
 * server's words for what this confirms ("Sign out Maya Member on Chrome on macOS"), when given.
 */
export function stepUpDescription(
  purpose: StepUpPurpose,
  method: StepUpMethod,
  action?: string,
): string {
  if (action) return `${action}. This needs a fresh check that it’s you. ${HOW[method]}`;
  return `${WHY[purpose]} ${HOW[method]}`;
}
