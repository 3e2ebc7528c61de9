import {
  type ActiveUserDTO,
  effectiveSessionPolicy,
  type OrgSecurityChange,
  type OrgSecurityResponse,
  PRESET_MINUTES,
  SESSION_POLICY_BOUNDS,
  sessionPolicyIssue,
} from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, pageOf } from '../../http/paging.js';
import { notifyOrgChanged, passkeyStanding } from '../../identity/index.js';
import { activeUsersOf, type SettingsRow, settingsOf, updateSettings } from './queries.js';

export const ACTIVE_USERS_PAGE = 50;

/** The settings as the audit row records them: what was stored and what it meant. */
export function settingsSnapshot(row: SettingsRow) {
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

/** One page of people signed in to the org, marking the caller. */
export async function activeUsersPage(
  db: Executor,
  auth: AuthContext,
  page: { now: Date; limit: number; cursor?: string },
): Promise<{ activeUsers: ActiveUserDTO[]; nextCursor: string | null }> {
  const rows = await activeUsersOf(db, auth.org.id, {
    now: page.now,
    limit: page.limit + 1,
    cursor: decodeCursor(page.cursor),
  });
  const { items, nextCursor } = pageOf(rows, page.limit, (u) => ({ at: u.lastSignInAt, id: u.id }));
  return {
    activeUsers: items.map((u) => ({
      ...u,
      lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
      isYou: u.id === auth.user.id,
    })),
    nextCursor,
  };
}

async function toDTO(
  db: Executor,
  row: SettingsRow,
  auth: AuthContext,
  now: Date,
): Promise<OrgSecurityResponse> {
  const active = await activeUsersPage(db, auth, { now, limit: ACTIVE_USERS_PAGE });
  return {
    requireMfaForDownloads: row.requireMfaForDownloads,
    requireMfaForShares: row.requireMfaForShares,
    sessionPolicy: {
      preset: row.sessionPreset,
      idleMinutes: row.idleMinutes,
      absoluteMinutes: row.absoluteMinutes,
      effective: effectiveSessionPolicy(row.sessionPreset, row.idleMinutes, row.absoluteMinutes),
      bounds: SESSION_POLICY_BOUNDS,
      presets: PRESET_MINUTES,
    },
    maxSessionsPerUser: row.maxSessionsPerUser,
    impersonationMode: row.impersonationMode,
    requireDeviceBoundAdmins: row.requireDeviceBoundAdmins,
    requirePasskeysForAdmins: row.requirePasskeysForAdmins,
    activeUsers: active.activeUsers,
    activeUsersNextCursor: active.nextCursor,
    updatedAt: row.updatedAt?.toISOString() ?? null,
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

export async function orgSecurity(
  db: Executor,
  auth: AuthContext,
  now: Date,
): Promise<OrgSecurityResponse> {
  return toDTO(db, await settingsOf(db, auth.org.id), auth, now);
}

/**
 * Applies the owner's change after checking the invariant on the values that would be in force
 * (the stored row merged with the change). Returns before/after snapshots for the audit row.
 */
export async function updateOrgSecurity(
  db: Executor,
  auth: AuthContext,
  change: OrgSecurityChange,
  now: Date,
) {
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
    response: await toDTO(db, after, auth, now),
  };
}
