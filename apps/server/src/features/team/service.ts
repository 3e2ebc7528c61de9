import type { PageQuery, TeamMemberDTO } from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import { notFound } from '../../http/errors.js';
import { decodeCursor, pageOf } from '../../http/paging.js';
import { teamMemberRow, teamPage } from './queries.js';

type MemberFields = Pick<
  UserRow,
  'id' | 'email' | 'name' | 'role' | 'totpEnabled' | 'disabledAt' | 'createdAt'
>;

export function toTeamMember(
  user: MemberFields,
  activity: { liveSessions: number | null; lastSeenAt: Date | string | null },
): TeamMemberDTO {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    mfaEnabled: user.totpEnabled,
    disabled: user.disabledAt !== null,
    liveSessions: activity.liveSessions ?? 0,
    lastSeenAt: activity.lastSeenAt ? new Date(activity.lastSeenAt).toISOString() : null,
    createdAt: user.createdAt.toISOString(),
  };
}

export async function listTeam(db: Executor, orgId: string, page: PageQuery, now: Date) {
  const rows = await teamPage(db, orgId, {
    now,
    limit: page.limit + 1,
    cursor: decodeCursor(page.cursor),
  });
  const { items, nextCursor } = pageOf(rows, page.limit, (r) => ({
    at: r.user.createdAt,
    id: r.user.id,
  }));
  const users = items.map(({ user, ...activity }) => toTeamMember(user, activity));
  return { users, nextCursor };
}

/** One member of the org as the team list shows them (after a change). */
export async function teamMember(
  db: Executor,
  orgId: string,
  userId: string,
  now: Date,
): Promise<TeamMemberDTO> {
  const row = await teamMemberRow(db, orgId, userId, now);
  if (!row) throw notFound('User');
  const { user, ...activity } = row;
  return toTeamMember(user, activity);
}
