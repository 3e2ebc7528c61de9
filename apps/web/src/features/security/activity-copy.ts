import {
  ALERT_TYPE_LABELS,
  type AuditAction,
  auditActionLabel,
  failureReasonLabel,
  SECURITY_ACTIVITY_ACTIONS,
  type SecurityActivityAction,
  type SecurityActivityItem,
  type StepUpPurpose,
} from '@gatehouse/shared';
import { countryName } from '../../lib/countries';

type Action = SecurityActivityAction;

/**
 * Where the user's own view words an event differently from the audit log's table (shared
 * `auditActionLabel`): it is their account, their devices. Everything else — every refusal
 * included ("Password change refused") — reads as the shared table says.
 */
const YOUR_ACCOUNT_WORDS: Partial<Record<Action, { done: string; refused?: string }>> = {
  USER_SIGNED_UP: { done: 'Account created' },
  SESSION_REVOKED: { done: 'A device was signed out' },
  SESSION_REVOKE_ALL: { done: 'Other devices signed out' },
  SESSION_EVICTED: { done: 'A device was signed out (too many sessions)' },
  STEP_UP_VERIFIED: { done: 'Verified it’s you' },
  RECOVERY_CODES_REGENERATED: { done: 'New recovery codes made' },
  IMPERSONATION_STARTED: { done: 'Support session started' },
  IMPERSONATION_ENDED: { done: 'Support session ended' },
  IMPERSONATION_PAGE_VIEWS: {
    done: 'Your account was viewed in a support session',
    refused: 'Your account was viewed in a support session',
  },
  IMPERSONATED_REQUEST: {
    done: 'A change was made in a support session',
    refused: 'A support session’s request was refused',
  },
  FORCE_LOGOUT: { done: 'Signed out everywhere by an administrator' },
  ALERT_RAISED: { done: 'Security alert', refused: 'Security alert' },
  THIS_WASNT_ME: {
    done: 'Account secured: every session signed out, new password required',
    refused: 'Securing the account refused (the link was used or expired)',
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

/** An action in words, done and refused: the user's own wording where it has one. */
function wordsOf(action: AuditAction): { done: string; refused: string } {
  const own = isSecurityAction(action) ? YOUR_ACCOUNT_WORDS[action] : undefined;
  return {
    done: own?.done ?? auditActionLabel(action),
    refused: own?.refused ?? auditActionLabel(action, 'FAIL'),
  };
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
  if (item.alertType && item.action === 'ALERT_RAISED')
    return `Security alert: ${ALERT_TYPE_LABELS[item.alertType]}`;
  if (item.pageViews)
    return `${pages(item.pageViews.count)} of your account viewed in a support session`;
  if (item.purpose) {
    return item.outcome === 'FAIL'
      ? `Verification ${PURPOSE_WORDS[item.purpose]} refused`
      : `${words.done} ${PURPOSE_WORDS[item.purpose]}`;
  }
  if (item.outcome === 'FAIL') return words.refused;
  const byAdministrator = isSecurityAction(item.action) ? BY_ADMINISTRATOR[item.action] : undefined;
  if (!item.actor) return words.done;
  // Someone else's act on the account says whose it is, whatever it was.
  return byAdministrator
    ? byAdministrator(actorName(item.actor))
    : `${words.done} by ${actorName(item.actor)}`;
}

/**
 * The alert an event raised (the server folds the alert into its event: one entry), as the
 * badge beside the title: "Security alert: Sign-in from a new device". Null for none, and for
 * an alert entry of its own, whose title already says it.
 */
export function alertBadge(
  item: Pick<SecurityActivityItem, 'action' | 'alertType'>,
): string | null {
  if (!item.alertType || item.action === 'ALERT_RAISED') return null;
  return `Security alert: ${ALERT_TYPE_LABELS[item.alertType]}`;
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
  return reason ? failureReasonLabel(reason, 'Refused') : 'Refused';
}

/**
 * "Chrome on macOS · Lisbon, Portugal · 203.0.113.7", with whatever of it is known; null when
 * nothing is.
 */
export function activityWhere(
  item: Pick<SecurityActivityItem, 'city' | 'country' | 'ip'> &
    Partial<Pick<SecurityActivityItem, 'device'>>,
): string | null {
  const place = [item.city, item.country ? countryName(item.country) : null]
    .filter(Boolean)
    .join(', ');
  return [item.device, place, item.ip].filter(Boolean).join(' · ') || null;
}

/** "200 attempts" for a refusal that stands for more than one request; null otherwise. */
export function activityAttempts(item: Pick<SecurityActivityItem, 'attempts'>): string | null {
  return item.attempts && item.attempts > 1 ? `${item.attempts} attempts` : null;
}
