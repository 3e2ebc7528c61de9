import { ALERT_TYPE_LABELS, type AlertSeverity, type AlertType } from '@gatehouse/shared';
import type { AuditEmitter } from '../audit/index.js';
import { quoted, shownAddress } from '../core/quoted-text.js';
import { hashToken, newSessionToken } from '../core/tokens.js';
import type { Executor } from '../db/client.js';
import type { SessionRow } from '../db/rows.js';
import type { AlertDetails } from '../db/schema/index.js';
import { enqueueMail, renderMail } from '../mail/index.js';
import { hasRecentAlert, insertAlert, recipientOf } from './queries.js';
import { adminActMail, alertMail, type KeptTokensSection } from './templates.js';

/** The same type for the same user and device goes out at most once in this window (DESIGN §9). */
export const ALERT_DEDUP_MS = 60 * 60 * 1000;
/** How long an email's "This wasn't me" link works. */
export const WASNT_ME_TTL_MS = 24 * 60 * 60 * 1000;

const SEVERITY: Record<AlertType, AlertSeverity> = {
  new_device: 'medium',
  new_country: 'medium',
  impossible_travel: 'high',
  shared_account: 'high',
  password_changed: 'medium',
  mfa_enabled: 'low',
  mfa_disabled: 'high',
  recovery_codes_regenerated: 'medium',
  session_evicted: 'low',
  admin_sign_out: 'medium',
  impersonation_started: 'medium',
  impersonation_ended: 'low',
  ip_rules_changed: 'medium',
  api_token_created: 'medium',
  device_key_mismatch: 'high',
  role_changed: 'high',
  user_disabled: 'medium',
  user_enabled: 'medium',
  failed_sign_ins: 'high',
  passkey_added: 'low',
  passkey_renamed: 'low',
  passkey_removed: 'medium',
  passkey_counter_regressed: 'high',
};

/** What the use case raising an alert hands over: its audit emitter, the app's URL, its clock. */
export interface AlertScope {
  audit: Pick<AuditEmitter, 'emit'>;
  appUrl: URL;
  now: Date;
}

/** Where the event came from, and from which browser. */
export interface AlertOrigin {
  ip: string | null;
  country: string | null;
  city: string | null;
  device: string | null;
  deviceIdHash: string | null;
}

export interface AlertInput {
  type: AlertType;
  user: { id: string };
  origin?: AlertOrigin | null;
  /** A line of facts of its own; anyone's words in it (a name, a reason) go through `quoted`. */
  summary?: string | null;
  /**
   * Each occurrence is its own event (a support session's start or end): never folded into an
   * alert of the same type sent within the hour.
   */
  everyTime?: boolean;
  /** The API tokens a password change left working, listed in the mail (decision 017). */
  keptTokens?: KeptTokensSection | null;
  /**
   * The summary as an administrator reads it on /admin/alerts, in the third person ("Ada Admin
   * signed “Maya Member” out…"), given the user's name; without it the summary is shown as is.
   */
  adminSummary?: ((userName: string) => string) | null;
  /**
   * The administrator whose act this alert is about: they may not acknowledge it, an alert about
   * their own account is not raised at all, and the mail says who did it and what to do instead
   * of "If this wasn't you".
   */
  actor?: { id: string | null; name: string } | null;
  /**
   * The administrator whose act this is when the mail stays the usual one (a support session:
   * "This wasn't me" still applies): only recorded, so they may not acknowledge it.
   */
  actedBy?: string | null;
}

/** The place and browser of a session (the one that made a change, or the one that ended). */
export function fromSession(session: SessionRow | null | undefined): AlertOrigin | null {
  if (!session) return null;
  return {
    ip: session.ip,
    country: session.country,
    city: session.city,
    device: session.device?.label ?? null,
    deviceIdHash: session.deviceIdHash,
  };
}

export function placeOf(details: AlertDetails): string {
  const place = [details.city, details.country].filter(Boolean).join(', ');
  return place || 'Unknown location';
}

/**
 * Raises an alert in the caller's transaction: the row (for /admin/alerts), the ALERT_RAISED
 * audit entry (the user's security activity) and the email with its "This wasn't me" link, or
 * nothing when the same alert went out within the hour (unless `everyTime: true`). Returns the
 * alert's id, or null.
 */
export async function raiseAlert(
  db: Executor,
  scope: AlertScope,
  alert: AlertInput,
): Promise<string | null> {
  const { now } = scope;
  const origin = alert.origin ?? null;
  const deviceIdHash = origin?.deviceIdHash ?? null;
  const since = new Date(now.getTime() - ALERT_DEDUP_MS);
  const key = { userId: alert.user.id, type: alert.type, deviceIdHash, since };
  const actor = alert.actor ?? null;
  // Nobody is alerted about their own act (an administrator's act on their own account).
  if (actor?.id === alert.user.id) return null;
  if (!alert.everyTime && (await hasRecentAlert(db, key))) return null;
  const user = await recipientOf(db, alert.user.id);
  if (!user) return null;
  const details: AlertDetails = {
    ip: origin?.ip ?? null,
    country: origin?.country ?? null,
    city: origin?.city ?? null,
    device: origin?.device ?? null,
    summary: alert.summary ?? null,
    adminSummary: alert.adminSummary?.(user.name) ?? null,
    ...(actor?.id || alert.actedBy ? { actorUserId: actor?.id ?? alert.actedBy } : {}),
  };
  // An administrator's act was not the user's: nothing of theirs to secure, no "wasn't me" link.
  const token = actor ? null : newSessionToken();
  const row = await recordAlert(db, scope, {
    user,
    type: alert.type,
    details,
    deviceIdHash,
    wasntMeTokenHash: token ? hashToken(token) : null,
    wasntMeExpiresAt: token ? new Date(now.getTime() + WASNT_ME_TTL_MS) : now,
  });
  const facts = {
    name: quoted(user.name),
    headline: ALERT_TYPE_LABELS[alert.type],
    summary: details.summary,
    when: `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    where: placeOf(details),
    ip: shownAddress(details.ip, 'unknown'),
    device: quoted(details.device ?? 'Unknown device'),
    settingsUrl: new URL('/settings/security', scope.appUrl).toString(),
    keptTokens: alert.keptTokens ?? null,
  };
  let mail: ReturnType<typeof renderMail>;
  if (token) {
    const wasntMe = new URL('/this-wasnt-me', scope.appUrl);
    wasntMe.searchParams.set('token', token);
    mail = renderMail(alertMail, { ...facts, wasntMeUrl: wasntMe.toString() });
  } else {
    // A user's name is theirs to choose (quoted); an API token's words are ours.
    const by = actor?.id ? quoted(actor.name) : (actor?.name ?? 'an administrator');
    mail = renderMail(adminActMail, { ...facts, by });
  }
  await enqueueMail(db, { kind: `alert_${alert.type}`, to: user.email, ...mail }, now);
  return row.id;
}

/** The alert's row (for /admin/alerts) and its ALERT_RAISED entry (the user's activity). */
export async function recordAlert(
  db: Executor,
  scope: AlertScope,
  alert: {
    user: { id: string; orgId: string };
    type: AlertType;
    details: AlertDetails;
    deviceIdHash: string | null;
    wasntMeTokenHash: Buffer | null;
    wasntMeExpiresAt: Date;
  },
) {
  const { user, details, type } = alert;
  const severity = SEVERITY[type];
  const row = await insertAlert(db, {
    orgId: user.orgId,
    userId: user.id,
    type,
    severity,
    details,
    deviceIdHash: alert.deviceIdHash,
    createdAt: scope.now,
    wasntMeTokenHash: alert.wasntMeTokenHash,
    wasntMeExpiresAt: alert.wasntMeExpiresAt,
  });
  scope.audit.emit('ALERT_RAISED', {
    targetType: 'user',
    targetId: user.id,
    country: details.country,
    city: details.city,
    metadata: { type, severity, alertId: row.id },
  });
  return row;
}
