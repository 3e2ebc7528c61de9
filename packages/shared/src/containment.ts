import type { Role } from './permissions.js';

/**
 * The ranks behind "who may act on whom" (DESIGN §6, "Containment"). The policy itself, a table
 * of actions and `mayActOn`, is `authorization.ts`: the server enforces it and the web app offers
 * only the controls it allows.
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

/** Creating an admin or an owner hands out power: it needs step-up ROLE_CHANGE, as a change does. */
export const isPrivilegedRole = (role: Role): boolean => role !== 'member';
