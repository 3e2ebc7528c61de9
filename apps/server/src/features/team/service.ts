import type { Role, TeamMemberDTO } from '@gatehouse/shared';
import type { UserRow } from '../../db/rows.js';

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

/** "an admin", "a member", "an owner". */
export function articled(role: Role): string {
  return `${role === 'admin' || role === 'owner' ? 'an' : 'a'} ${role}`;
}
