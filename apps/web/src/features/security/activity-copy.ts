import {
  ALERT_TYPE_LABELS,
  type AuditAction,
  auditActionLabel,
  type ErrorCode,
  SECURITY_ACTIVITY_ACTIONS,
  type SecurityActivityAction,
  type SecurityActivityItem,
  type StepUpPurpose,
} from '@gatehouse/shared';

type Action = SecurityActivityAction;

/**
 * Each event in plain words, as it went and as it was refused. The list holds events the user
 * did and events done to their account (by an administrator, by the session limit), so the
 * words name what happened; who did it, when it was someone else, is added by `activityTitle`.
 */
const ACTION_WORDS: Record<Action, { done: string; refused: string }> = {
  USER_SIGNED_UP: { done: 'Account created', refused: 'Failed sign-up' },
  LOGIN_SUCCESS: { done: 'Signed in', refused: 'Failed sign-in' },
  LOGIN_FAILURE: { done: 'Failed sign-in', refused: 'Failed sign-in' },
  LOGOUT: { done: 'Signed out', refused: 'Failed sign-out' },
  PASSWORD_CHANGED: { done: 'Password changed', refused: 'Failed password change' },
  PASSWORD_RESET: {
    done: 'Password reset with an emailed link',
    refused: 'Failed password reset',
  },
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
    done: 'Support session started',
    refused: 'Failed to start a support session',
  },
  IMPERSONATION_ENDED: {
    done: 'Support session ended',
    refused: 'Failed to end a support session',
  },
  IMPERSONATION_PAGE_VIEWS: {
    done: 'Your account was viewed in a support session',
    refused: 'Your account was viewed in a support session',
  },
  IMPERSONATED_REQUEST: {
    done: 'A change was made in a support session',
    refused: 'A support session’s request was refused',
  },
  FORCE_LOGOUT: {
    done: 'Signed out everywhere by an administrator',
    refused: 'Failed administrator sign-out',
  },
  ALERT_RAISED: { done: 'Security alert', refused: 'Security alert' },
  THIS_WASNT_ME: {
    done: 'Account secured: every session signed out, new password required',
    refused: 'Failed to secure the account (the link was used or expired)',
  },
  IP_BLOCKED: {
    done: 'Blocked: your organisation does not allow this network',
    refused: 'Blocked: your organisation does not allow this network',
  },
  CSRF_REFUSED: {
    done: 'Blocked a request from another website using your session',
    refused: 'Blocked a request from another website using your session',
  },
  RATE_LIMITED: {
    done: 'Too many attempts: slowed down',
    refused: 'Too many attempts: slowed down',
  },
};

/** Why an attempt was refused, for the codes a security event records (DESIGN §7). */
const REFUSAL_WORDS: Partial<Record<ErrorCode, string>> = {
  INVALID_CREDENTIALS: 'Wrong email or password',
  INVALID_PASSWORD: 'Wrong password',
  INVALID_OTP: 'Wrong authentication code',
  RATE_LIMITED: 'Too many attempts',
  IP_BLOCKED: 'Address not allowed',
  CSRF_FAILED: 'Cross-site request',
  FORBIDDEN: 'Not allowed',
  CONFLICT: 'Already done',
  IMPERSONATION_READ_ONLY: 'Not allowed in a support session',
};

const isErrorCode = (reason: string): reason is keyof typeof REFUSAL_WORDS =>
  Object.hasOwn(REFUSAL_WORDS, reason);

/** Events an administrator does to the account: the title says which administrator. */
const BY_ADMINISTRATOR: Partial<Record<Action, (name: string) => string>> = {
  IMPERSONATION_STARTED: (name) => `Support session started by ${name}`,
  IMPERSONATION_ENDED: (name) => `Support session by ${name} ended`,
  FORCE_LOGOUT: (name) => `Signed out everywhere by ${name}`,
  SESSION_REVOKED: (name) => `A device was signed out by ${name}`,
};

/** "Ada Admin", or "the API token “nightly-sync”" when a token of the org acted. */
function actorName(actor: NonNullable<SecurityActivityItem['actor']>): string {
  return actor.kind === 'api_token' ? `the API token “${actor.name}”` : actor.name;
}

/** What a verification was for, completing "Verified it’s you …". */
const PURPOSE_WORDS: Record<StepUpPurpose, string> = {
  REVOKE_SESSION: 'to sign out a device',
  REVOKE_ALL_OTHER_SESSIONS: 'to sign out other devices',
  FORCE_LOGOUT: 'to sign someone out',
  IP_RULE_CHANGE: 'to change IP rules',
  IMPERSONATION: 'to start or end a support session',
  DOWNLOAD: 'to download a document',
  SHARE: 'to share a document',
  MFA_DISABLE: 'to turn off two-factor authentication',
  RECOVERY_CODES: 'to make new recovery codes',
  ORG_SECURITY_CHANGE: 'to change organisation security settings',
  ORG_SESSIONS_REVOKE: 'to sign people out',
  ROLE_CHANGE: 'to change a role',
  API_TOKEN_CHANGE: 'to change API tokens',
  MFA_CHANGE: 'to change two-factor authentication',
};

const isSecurityAction = (action: AuditAction): action is Action =>
  (SECURITY_ACTIVITY_ACTIONS as readonly string[]).includes(action);

/** Any other action a support session took on the account, in the audit log's words. */
function wordsOf(action: AuditAction): { done: string; refused: string } {
  if (isSecurityAction(action)) return ACTION_WORDS[action];
  const label = auditActionLabel(action);
  return { done: label, refused: `Refused: ${label.charAt(0).toLowerCase()}${label.slice(1)}` };
}

const pages = (count: number) => `${count} ${count === 1 ? 'page' : 'pages'}`;

/**
 * "Signed in", "Failed sign-in", "Support session started by Ada Admin"… The administrator is
 * named when the event says who acted.
 */
export function activityTitle(
  item: Pick<SecurityActivityItem, 'action' | 'outcome'> &
    Partial<Pick<SecurityActivityItem, 'actor' | 'purpose' | 'alertType' | 'pageViews'>>,
): string {
  const words = wordsOf(item.action);
  if (item.alertType) return `Security alert: ${ALERT_TYPE_LABELS[item.alertType]}`;
  if (item.pageViews)
    return `${pages(item.pageViews.count)} of your account viewed in a support session`;
  if (item.purpose) {
    return `${item.outcome === 'FAIL' ? words.refused : words.done} ${PURPOSE_WORDS[item.purpose]}`;
  }
  if (item.outcome === 'FAIL') return words.refused;
  const byAdministrator = isSecurityAction(item.action) ? BY_ADMINISTRATOR[item.action] : undefined;
  return item.actor && byAdministrator ? byAdministrator(actorName(item.actor)) : words.done;
}

/**
 * "Support session by Ada Admin" on every event a support session caused, refusals included,
 * so nothing it did reads as the user's own; none where the title already names them.
 */
export function supportSessionLine(
  item: Pick<SecurityActivityItem, 'action' | 'outcome' | 'supportSession'> &
    Partial<Pick<SecurityActivityItem, 'actor'>>,
): string | null {
  if (!item.supportSession) return null;
  const titled =
    item.outcome === 'SUCCESS' &&
    item.actor &&
    isSecurityAction(item.action) &&
    BY_ADMINISTRATOR[item.action] !== undefined;
  return titled ? null : `Support session by ${item.supportSession.by.name}`;
}

/** The reason an administrator gave (a support session's), as the user reads it; or null. */
export function activityReason(item: Pick<SecurityActivityItem, 'reason'>): string | null {
  const reason = item.reason?.trim();
  return reason ? `Reason: ${reason}` : null;
}

/** Why a refused event was refused ("Wrong password"), or null for an event that went through. */
export function refusalReason(
  item: Pick<SecurityActivityItem, 'outcome' | 'failureReason'>,
): string | null {
  if (item.outcome !== 'FAIL') return null;
  const reason = item.failureReason;
  return (reason && isErrorCode(reason) ? REFUSAL_WORDS[reason] : undefined) ?? 'Refused';
}

/**
 * "Chrome on macOS · Lisbon, Portugal · 203.0.113.7", with whatever of it is known; null when
 * nothing is.
 */
export function activityWhere(
  item: Pick<SecurityActivityItem, 'city' | 'country' | 'ip'> &
    Partial<Pick<SecurityActivityItem, 'device'>>,
): string | null {
  const place = [item.city, item.country].filter(Boolean).join(', ');
  return [item.device, place, item.ip].filter(Boolean).join(' · ') || null;
}

/** "200 attempts" for a refusal that stands for more than one request; null otherwise. */
export function activityAttempts(item: Pick<SecurityActivityItem, 'attempts'>): string | null {
  return item.attempts && item.attempts > 1 ? `${item.attempts} attempts` : null;
}
