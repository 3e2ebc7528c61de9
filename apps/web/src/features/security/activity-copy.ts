import type { ErrorCode, SecurityActivityItem } from '@gatehouse/shared';

type Action = SecurityActivityItem['action'];

/**
 * Each event in plain words, as it went and as it was refused. The list holds events the user
 * did and events done to their account (by an administrator, by the session limit), so the
 * words name what happened rather than who did it.
 */
const ACTION_WORDS: Record<Action, { done: string; refused: string }> = {
  USER_SIGNED_UP: { done: 'Account created', refused: 'Failed sign-up' },
  LOGIN_SUCCESS: { done: 'Signed in', refused: 'Failed sign-in' },
  LOGIN_FAILURE: { done: 'Failed sign-in', refused: 'Failed sign-in' },
  LOGOUT: { done: 'Signed out', refused: 'Failed sign-out' },
  PASSWORD_CHANGED: { done: 'Password changed', refused: 'Failed password change' },
  SESSION_REVOKED: { done: 'A device was signed out', refused: 'Failed to sign out a device' },
  SESSION_REVOKE_ALL: {
    done: 'Other devices signed out',
    refused: 'Failed to sign out other devices',
  },
  SESSION_EVICTED: {
    done: 'Oldest device signed out (too many sessions)',
    refused: 'Failed to sign out the oldest device',
  },
  STEP_UP_VERIFIED: { done: 'Verified it’s you', refused: 'Failed verification' },
  MFA_ENROLLED: {
    done: 'Two-factor authentication turned on',
    refused: 'Failed to turn on two-factor authentication',
  },
  MFA_DISABLED: {
    done: 'Two-factor authentication turned off',
    refused: 'Failed to turn off two-factor authentication',
  },
  RECOVERY_CODES_REGENERATED: {
    done: 'New recovery codes made',
    refused: 'Failed to make new recovery codes',
  },
  RECOVERY_CODE_USED: { done: 'Recovery code used', refused: 'Recovery code refused' },
  IMPERSONATION_STARTED: {
    done: 'Administrator access to the account started',
    refused: 'Failed to start administrator access',
  },
  IMPERSONATION_ENDED: {
    done: 'Administrator access to the account ended',
    refused: 'Failed to end administrator access',
  },
  FORCE_LOGOUT: {
    done: 'Signed out everywhere by an administrator',
    refused: 'Failed administrator sign-out',
  },
};

/** Why an attempt was refused, for the codes a security event records (DESIGN §7). */
const REFUSAL_WORDS: Partial<Record<ErrorCode, string>> = {
  INVALID_CREDENTIALS: 'Wrong email or password',
  INVALID_PASSWORD: 'Wrong password',
  INVALID_OTP: 'Wrong authentication code',
  RATE_LIMITED: 'Too many attempts',
  IP_BLOCKED: 'Address not allowed',
  FORBIDDEN: 'Not allowed',
  CONFLICT: 'Already done',
};

const isErrorCode = (reason: string): reason is keyof typeof REFUSAL_WORDS =>
  Object.hasOwn(REFUSAL_WORDS, reason);

/** "Signed in", "Failed sign-in", "Two-factor authentication turned on"… */
export function activityTitle(item: Pick<SecurityActivityItem, 'action' | 'outcome'>): string {
  const words = ACTION_WORDS[item.action];
  return item.outcome === 'FAIL' ? words.refused : words.done;
}

/** Why a refused event was refused ("Wrong password"), or null for an event that went through. */
export function refusalReason(
  item: Pick<SecurityActivityItem, 'outcome' | 'failureReason'>,
): string | null {
  if (item.outcome !== 'FAIL') return null;
  const reason = item.failureReason;
  return (reason && isErrorCode(reason) ? REFUSAL_WORDS[reason] : undefined) ?? 'Refused';
}

/** "Lisbon, Portugal · 203.0.113.7", with whatever of it is known; null when nothing is. */
export function activityWhere(
  item: Pick<SecurityActivityItem, 'city' | 'country' | 'ip'>,
): string | null {
  const place = [item.city, item.country].filter(Boolean).join(', ');
  return [place, item.ip].filter(Boolean).join(' · ') || null;
}
