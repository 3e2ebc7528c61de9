import {
  type Actor,
  impersonateRequestSchema,
  isDemotion,
  ROLES,
  type Role,
  type TeamMemberDTO,
} from '@gatehouse/shared';
import { offers } from '../../lib/may-act-on';

/**
 * Who is looking at the Team page, as the shared policy sees them (`actorOf(me)`): which buttons
 * they get is `mayActOn`, the same table the server enforces.
 */
export type Caller = Actor;

type Target = Pick<TeamMemberDTO, 'id' | 'role' | 'disabled'>;

/** DESIGN §6: an admin cannot force an owner out (an owner can); nobody forces themselves out. */
export function canForceLogout(caller: Caller, target: Target): boolean {
  return offers(caller, 'FORCE_LOGOUT', target);
}

/**
 * The roles the caller may give this person (their current one included), or none at all. The
 * page offers no change on your own row: the policy lets you change your own role or status,
 * but here it would only be a way to lock yourself out.
 */
export function rolesOnOffer(caller: Caller, target: Target): readonly Role[] {
  if (target.id === caller.id || !offers(caller, 'CHANGE_ROLE', target)) return [];
  const roles = ROLES.filter((role) => offers(caller, 'CHANGE_ROLE', target, role));
  return roles.includes(target.role) ? roles : [];
}

/** Disable or enable: team editors, on someone else, never an owner unless they are one. */
export function canDisable(caller: Caller, target: Target): boolean {
  return target.id !== caller.id && offers(caller, 'CHANGE_STATUS', target);
}

/** What a role change does, said before it is confirmed. */
export function roleChangeCopy(user: Pick<TeamMemberDTO, 'name' | 'role'>, to: Role): string {
  if (to === user.role) return `${user.name} is already ${withArticle(to)}.`;
  if (isDemotion(user.role, to))
    return `${user.name} becomes ${withArticle(to)}. They are signed out everywhere, their support sessions end and the API tokens they created are revoked.`;
  return `${user.name} becomes ${withArticle(to)}, from their next request on. Every owner is told.`;
}

/** "Disable Maya Member?" and what it ends; enabling restores sign-in only. */
export function statusChangeCopy(user: Pick<TeamMemberDTO, 'name' | 'disabled'>): {
  title: string;
  description: string;
  confirmLabel: 'Disable' | 'Enable';
} {
  if (user.disabled)
    return {
      title: `Enable ${user.name}?`,
      description:
        'They can sign in again with their password. Sessions and API tokens that ended stay ended.',
      confirmLabel: 'Enable',
    };
  return {
    title: `Disable ${user.name}?`,
    description:
      'They are signed out everywhere, their support sessions and the API tokens they created end, and they cannot sign in until someone enables them.',
    confirmLabel: 'Disable',
  };
}

const withArticle = (role: Role): string => (role === 'member' ? 'a member' : `an ${role}`);

/**
 * Never an owner, yourself, or while already impersonating someone (the policy); nor a disabled
 * account, which could not be used (the page's own rule).
 */
export function canImpersonate(caller: Caller, target: Target): boolean {
  return !target.disabled && offers(caller, 'IMPERSONATE', target);
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
