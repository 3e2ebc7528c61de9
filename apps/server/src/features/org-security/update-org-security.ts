/**
 * The owner (ORG_SECURITY_EDIT), after a fresh step-up, changes the MFA or session policy; a
 * policy out of bounds is 422, requiring passkeys without one of your own is 409, and a support
 * session never may.
 */
import {
  effectiveSessionPolicy,
  type OrgSecurityChange,
  orgSecurityPatchResponseSchema,
  orgSecurityPatchSchema,
  sessionPolicyIssue,
} from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { notifyOrgChanged, passkeyStanding } from '../../identity/index.js';
import { type SettingsRow, settingsOf, updateSettings } from './queries.js';
import { toOrgSecurityDTO } from './service.js';

export const updateOrgSecurity: Route = defineRoute(
  {
    method: 'patch',
    path: '/org/security',
    impersonation: 'never',
    tag: 'org',
    access: 'session',
    permission: 'ORG_SECURITY_EDIT',
    stepUp: 'ORG_SECURITY_CHANGE',
    stepUpDescription: ({ body }) => describePolicyChange(body),
    summary:
      "Change the MFA or session policy (owner only): flat fields or GET's own shape, merged",
    body: orgSecurityPatchSchema,
    response: orgSecurityPatchResponseSchema,
    audit: 'ORG_SECURITY_UPDATED',
  },
  async ({ db, auth, body, audit, now }) => {
    const { before, after, response } = await applyChange(db, auth, body, now);
    audit.set({ targetType: 'org', targetId: auth.org.id, before, after });
    return { ...response, appliesAt: 'next_sign_in' as const };
  },
);

/** The policy change in words, for the step-up dialog ("Stop requiring MFA for downloads"). */
function describePolicyChange(body: {
  requireMfaForDownloads?: boolean | undefined;
  requireMfaForShares?: boolean | undefined;
}): string {
  const switches = [
    ['downloads', body.requireMfaForDownloads],
    ['shares', body.requireMfaForShares],
  ] as const;
  const changed = switches.filter(([, on]) => on !== undefined);
  const [only] = changed;
  if (changed.length !== 1 || !only) return 'Change your organisation’s security settings';
  return `${only[1] ? 'Require' : 'Stop requiring'} MFA for ${only[0]}`;
}

/** The settings as the audit row records them: what was stored and what it meant. */
function settingsSnapshot(row: SettingsRow) {
  return {
    requireMfaForDownloads: row.requireMfaForDownloads,
    requireMfaForShares: row.requireMfaForShares,
    preset: row.sessionPreset,
    idleMinutes: row.idleMinutes,
    absoluteMinutes: row.absoluteMinutes,
    maxSessionsPerUser: row.maxSessionsPerUser,
    impersonationMode: row.impersonationMode,
    requireDeviceBoundAdmins: row.requireDeviceBoundAdmins,
    requirePasskeysForAdmins: row.requirePasskeysForAdmins,
    effective: effectiveSessionPolicy(row.sessionPreset, row.idleMinutes, row.absoluteMinutes),
  };
}

/** Requiring passkeys of owners and admins without one yourself would lock you out at once. */
async function assertOwnPasskey(db: Executor, auth: AuthContext): Promise<void> {
  if ((await passkeyStanding(db, auth.user)).count > 0) return;
  throw new AppError(
    'OWN_PASSKEY_REQUIRED',
    'Add a passkey to your own account before requiring passkeys for owners and admins',
    { issues: [{ path: 'requirePasskeysForAdmins', message: 'Add a passkey of your own first' }] },
  );
}

/**
 * Applies the owner's change after checking the invariant on the values that would be in force
 * (the stored row merged with the change). Returns before/after snapshots for the audit row.
 */
async function applyChange(db: Executor, auth: AuthContext, change: OrgSecurityChange, now: Date) {
  const before = await settingsOf(db, auth.org.id, true);
  const { preset, ...rest } = change;
  const merged = {
    preset: preset ?? before.sessionPreset,
    idleMinutes: change.idleMinutes === undefined ? before.idleMinutes : change.idleMinutes,
    absoluteMinutes:
      change.absoluteMinutes === undefined ? before.absoluteMinutes : change.absoluteMinutes,
  };
  const issue = sessionPolicyIssue(merged);
  if (issue) throw new AppError('VALIDATION_FAILED', issue.message, { issues: [issue] });
  if (change.requirePasskeysForAdmins && !before.requirePasskeysForAdmins)
    await assertOwnPasskey(db, auth);
  const after = await updateSettings(db, auth.org.id, {
    ...rest,
    ...(preset ? { sessionPreset: preset } : {}),
    updatedAt: now,
    updatedBy: auth.user.id,
  });
  // Signed-in owners and admins learn at once whether a passkey is now asked of them (`me`).
  if (after.requirePasskeysForAdmins !== before.requirePasskeysForAdmins)
    await notifyOrgChanged(db, auth.org.id);
  return {
    before: settingsSnapshot(before),
    after: settingsSnapshot(after),
    response: await toOrgSecurityDTO(db, after, auth, now),
  };
}
