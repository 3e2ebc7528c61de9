import { assignableRoles, type Role } from './permissions.js';

/**
 * Who may act on whom (DESIGN §6, "Containment"): one policy for the server, which enforces it,
 * and the web app, which offers only the controls it allows.
 */

export interface Person {
  id: string;
  role: Role;
}

/** Owners, then admins, then members: a change to a lower rank is a demotion. */
const RANK: Record<Role, number> = { owner: 3, admin: 2, member: 1 };

export const isDemotion = (from: Role, to: Role): boolean => RANK[to] < RANK[from];

/** An admin cannot act on an owner (force out, impersonate, disable, demote); an owner can. */
export function isOutOfReach(actor: Person, target: Person): boolean {
  return target.role === 'owner' && actor.role !== 'owner';
}

/** Why a role change is refused, or null: an owner out of reach, or a role the actor cannot give. */
export function roleChangeRefusal(
  actor: Person,
  target: Person,
  to: Role,
): 'owner_out_of_reach' | 'role_out_of_reach' | null {
  if (isOutOfReach(actor, target)) return 'owner_out_of_reach';
  if (!assignableRoles(actor.role).includes(to)) return 'role_out_of_reach';
  return null;
}

/** Disabling or enabling: anyone with team rights, except an admin on an owner. */
export function mayDisable(actor: Person, target: Person): boolean {
  return !isOutOfReach(actor, target);
}

/** Creating an admin or an owner hands out power: it needs step-up ROLE_CHANGE, as a change does. */
export const isPrivilegedRole = (role: Role): boolean => role !== 'member';
