import { isOutOfReach } from './containment.js';
import type { ImpersonationMode } from './dto/impersonation.js';
import { assignableRoles, type Permission, type Role } from './permissions.js';

/**
 * Who may act on whom (DESIGN §6), as data: one row per action one person takes on another, and
 * one pure function that reads it. The server asks it before it acts (and keeps its refusal
 * codes); the web app asks it which controls to offer, so the two cannot drift.
 */
export interface ActionRule {
  /** What the actor needs to do it to someone else. */
  permission: Permission;
  /**
   * Doing it to yourself: `free` needs no permission (your own session is yours to end),
   * `allowed` needs the permission as for anyone, `owners` only an owner may, `refused` never
   * (there is another way: "Log out other devices").
   */
  self: 'free' | 'allowed' | 'owners' | 'refused';
  /** Doing it to an owner: anyone with the permission, only another owner, or nobody. */
  owner: 'anyone' | 'owners' | 'nobody';
  /**
   * From a support session (impersonation): `mode` follows the org's impersonation mode (refused
   * in a read-only one), `never` is refused even in full mode (DESIGN §6).
   */
  supportSession: 'mode' | 'never';
}

export const ACTIONS_ON_PEOPLE = {
  /** Sign one session out: your own, or (with the permission) anyone's in the org. */
  REVOKE_SESSION: {
    permission: 'SETTINGS_SECURITY_EDIT',
    self: 'free',
    owner: 'owners',
    supportSession: 'mode',
  },
  /** End all of someone's access at once ("Force logout"). */
  FORCE_LOGOUT: {
    permission: 'SETTINGS_SECURITY_EDIT',
    self: 'refused',
    owner: 'owners',
    supportSession: 'never',
  },
  /** Start a support session as them. Never an owner, not even by another owner. */
  IMPERSONATE: {
    permission: 'IMPERSONATE',
    self: 'refused',
    owner: 'nobody',
    supportSession: 'never',
  },
  /** Promote or demote (the role given is checked too: see `role` in `mayActOn`). */
  CHANGE_ROLE: {
    permission: 'SETTINGS_TEAM_EDIT',
    self: 'allowed',
    owner: 'owners',
    supportSession: 'never',
  },
  /** Disable or enable. */
  CHANGE_STATUS: {
    permission: 'SETTINGS_TEAM_EDIT',
    self: 'allowed',
    owner: 'owners',
    supportSession: 'never',
  },
  /**
   * Change the org's IP rules so that their addresses are blocked: a change by a non-owner that
   * would block an owner is 409 WOULD_BLOCK_OWNER, and `force` does not override it. Blocking
   * yourself is the self-lockout guard's business, not this table's.
   */
  BLOCK_BY_IP_RULE: {
    permission: 'SETTINGS_SECURITY_EDIT',
    self: 'allowed',
    owner: 'owners',
    supportSession: 'never',
  },
  /**
   * Acknowledge a security alert about someone (its subject, or who made the change): an admin
   * cannot close one about themselves, lest a taken-over account hide its own trail; an owner may.
   */
  ACKNOWLEDGE_ALERT: {
    permission: 'SETTINGS_SECURITY_VIEW',
    self: 'owners',
    owner: 'anyone',
    supportSession: 'mode',
  },
} as const satisfies Record<string, ActionRule>;

export type ActionOnPerson = keyof typeof ACTIONS_ON_PEOPLE;

/** Who acts: their role and permissions, and the mode of the support session they act in. */
export interface Actor {
  id: string;
  role: Role;
  permissions: readonly Permission[];
  /** Set when the actor is being impersonated: the org's mode for support sessions. */
  supportSession?: ImpersonationMode | null;
}

/**
 * On whom. A role left out was not looked up (see `targetRoleMatters`): it is taken to be an
 * owner's, so a missing lookup fails closed.
 */
export interface ActionTarget {
  id: string;
  role?: Role | undefined;
}

export const REFUSAL_REASONS = [
  'missing_permission',
  'self',
  'owner_out_of_reach',
  'owner_never',
  'role_out_of_reach',
  'support_session',
  'support_read_only',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export type Decision = { allowed: true } | { allowed: false; reason: RefusalReason };

const ALLOWED: Decision = { allowed: true };
const refused = (reason: RefusalReason): Decision => ({ allowed: false, reason });

/**
 * May `actor` do `action` to `target`? The first rule that refuses says why, in this order:
 * support session, self, permission, owner, role. `role` is the role a CHANGE_ROLE gives.
 */
export function mayActOn(input: {
  actor: Actor;
  target: ActionTarget;
  action: ActionOnPerson;
  role?: Role;
}): Decision {
  const { actor, action } = input;
  const target = { id: input.target.id, role: input.target.role ?? 'owner' };
  const rule: ActionRule = ACTIONS_ON_PEOPLE[action];
  if (actor.supportSession) {
    if (rule.supportSession === 'never') return refused('support_session');
    if (actor.supportSession === 'read_only') return refused('support_read_only');
  }
  const self = target.id === actor.id;
  if (self) {
    if (rule.self === 'refused') return refused('self');
    if (rule.self === 'owners' && actor.role !== 'owner') return refused('self');
  }
  if (!(self && rule.self === 'free') && !actor.permissions.includes(rule.permission))
    return refused('missing_permission');
  if (target.role === 'owner' && !self) {
    if (rule.owner === 'nobody') return refused('owner_never');
    if (rule.owner === 'owners' && isOutOfReach(actor, target))
      return refused('owner_out_of_reach');
  }
  if (action === 'CHANGE_ROLE' && input.role !== undefined) {
    if (isOutOfReach(actor, target)) return refused('owner_out_of_reach');
    if (!assignableRoles(actor.role).includes(input.role)) return refused('role_out_of_reach');
  }
  return ALLOWED;
}

/**
 * Whether the target's role can change the answer for this actor: not for an owner acting where
 * owners may, nor for an action open on owners. A server skips the lookup when it cannot.
 */
export function targetRoleMatters(actor: Actor, action: ActionOnPerson): boolean {
  return action === 'CHANGE_ROLE' || !reachesOwners(actor, action);
}

/** Whether the actor may do this to an owner other than themselves (their permission aside). */
export function reachesOwners(actor: Actor, action: ActionOnPerson): boolean {
  const rule: ActionRule = ACTIONS_ON_PEOPLE[action];
  return rule.owner === 'anyone' || (rule.owner === 'owners' && actor.role === 'owner');
}

/** Whether a control for the action is offered at all: a read-only support session shows it disabled. */
export const isOffered = (decision: Decision): boolean =>
  decision.allowed || decision.reason === 'support_read_only';
