import {
  impersonateRequestSchema,
  type Permission,
  type Role,
  type TeamMemberDTO,
} from '@gatehouse/shared';

/** Who is looking at the Team page: enough of `me` to decide which buttons they get. */
export interface Caller {
  id: string;
  role: Role;
  permissions: readonly Permission[];
}

type Target = Pick<TeamMemberDTO, 'id' | 'role' | 'disabled'>;

/** DESIGN §6: an admin cannot force an owner out (an owner can); nobody forces themselves out. */
export function canForceLogout(caller: Caller, target: Target): boolean {
  if (!caller.permissions.includes('SETTINGS_SECURITY_EDIT') || target.id === caller.id)
    return false;
  return target.role !== 'owner' || caller.role === 'owner';
}

/** Never an owner, yourself, a disabled account, or while already impersonating someone. */
export function canImpersonate(caller: Caller, target: Target, impersonating: boolean): boolean {
  return (
    caller.permissions.includes('IMPERSONATE') &&
    !impersonating &&
    target.id !== caller.id &&
    target.role !== 'owner' &&
    !target.disabled
  );
}

/** "Force logout Maya Member? This ends their 2 sessions." */
export function forceLogoutCopy(user: Pick<TeamMemberDTO, 'name' | 'liveSessions'>): {
  title: string;
  description: string;
} {
  const n = user.liveSessions;
  const ends =
    n === 0
      ? 'They are not signed in anywhere right now; nothing they open before this ends survives it.'
      : `This ends their ${n === 1 ? 'session' : `${n} sessions`} on every device at once.`;
  return {
    title: `Force logout ${user.name}?`,
    description: `${ends} They can sign in again with their password, and are told an administrator signed them out.`,
  };
}

/** The reason, checked as the server will: why not (10–500 characters), or null when fine. */
export function reasonIssue(text: string): string | null {
  const parsed = impersonateRequestSchema.shape.reason.safeParse(text);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Check the reason');
}
