import {
  type ActiveUserDTO,
  effectiveSessionPolicy,
  type OrgSecurityResponse,
  PRESET_MINUTES,
  SESSION_POLICY_BOUNDS,
} from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { decodeCursor, pageOf } from '../../http/paging.js';
import { activeUsersOf, type SettingsRow } from './queries.js';

export const ACTIVE_USERS_PAGE = 50;

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

/** The policy as GET shows it, with the first page of active users (PATCH answers it too). */
export async function toOrgSecurityDTO(
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
