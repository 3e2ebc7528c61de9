import { describe, expect, it } from 'vitest';
import {
  ACTIONS_ON_PEOPLE,
  type ActionOnPerson,
  type Actor,
  isOffered,
  mayActOn,
  reachesOwners,
  targetRoleMatters,
} from './authorization.js';
import { permissionsOf, ROLES, type Role } from './permissions.js';

const actor = (role: Role, extra: Partial<Actor> = {}): Actor => ({
  id: 'me',
  role,
  permissions: permissionsOf(role),
  ...extra,
});
const person = (role: Role, id = 'them') => ({ id, role });
const ACTIONS = Object.keys(ACTIONS_ON_PEOPLE) as ActionOnPerson[];

describe('mayActOn', () => {
  it('keeps every owner out of an admin’s reach, and lets an owner act on another owner', () => {
    for (const action of [
      'REVOKE_SESSION',
      'FORCE_LOGOUT',
      'CHANGE_ROLE',
      'CHANGE_STATUS',
    ] as const) {
      expect(mayActOn({ actor: actor('admin'), target: person('owner'), action }), action).toEqual({
        allowed: false,
        reason: 'owner_out_of_reach',
      });
      expect(mayActOn({ actor: actor('owner'), target: person('owner'), action }), action).toEqual({
        allowed: true,
      });
      expect(mayActOn({ actor: actor('admin'), target: person('admin'), action }).allowed).toBe(
        true,
      );
    }
  });

  it('lets nobody impersonate an owner, nor themselves', () => {
    const impersonate = (who: Role, whom: Role, id = 'them') =>
      mayActOn({ actor: actor(who), target: person(whom, id), action: 'IMPERSONATE' });
    expect(impersonate('owner', 'owner')).toEqual({ allowed: false, reason: 'owner_never' });
    expect(impersonate('admin', 'owner')).toEqual({ allowed: false, reason: 'owner_never' });
    expect(impersonate('admin', 'member')).toEqual({ allowed: true });
    expect(impersonate('owner', 'admin')).toEqual({ allowed: true });
    expect(impersonate('admin', 'admin', 'me')).toEqual({ allowed: false, reason: 'self' });
  });

  it('refuses a member everything on someone else, but lets anyone end their own session', () => {
    for (const action of ACTIONS)
      expect(
        mayActOn({ actor: actor('member'), target: person('member'), action }),
        action,
      ).toEqual({ allowed: false, reason: 'missing_permission' });
    expect(
      mayActOn({
        actor: actor('member'),
        target: person('member', 'me'),
        action: 'REVOKE_SESSION',
      }),
    ).toEqual({ allowed: true });
  });

  it('sends force logout on yourself elsewhere ("Log out other devices")', () => {
    for (const role of ['owner', 'admin'] as const)
      expect(
        mayActOn({ actor: actor(role), target: person(role, 'me'), action: 'FORCE_LOGOUT' }),
      ).toEqual({ allowed: false, reason: 'self' });
  });

  it('checks the role a change gives: an admin hands out admin or member, never owner', () => {
    const change = (who: Role, whom: Role, to: Role) =>
      mayActOn({ actor: actor(who), target: person(whom), action: 'CHANGE_ROLE', role: to });
    expect(change('admin', 'member', 'admin')).toEqual({ allowed: true });
    expect(change('admin', 'member', 'owner')).toEqual({
      allowed: false,
      reason: 'role_out_of_reach',
    });
    expect(change('admin', 'owner', 'admin')).toEqual({
      allowed: false,
      reason: 'owner_out_of_reach',
    });
    for (const to of ROLES) expect(change('owner', 'owner', to)).toEqual({ allowed: true });
  });

  it('lets a user change their own role or status (the last-owner rule is the server’s)', () => {
    const self = person('admin', 'me');
    expect(
      mayActOn({ actor: actor('admin'), target: self, action: 'CHANGE_ROLE', role: 'member' }),
    ).toEqual({ allowed: true });
    expect(mayActOn({ actor: actor('admin'), target: self, action: 'CHANGE_STATUS' })).toEqual({
      allowed: true,
    });
  });

  it('lets an admin acknowledge an alert about an owner, but not one about themselves', () => {
    const ack = (who: Role, target: { id: string; role: Role }) =>
      mayActOn({ actor: actor(who), target, action: 'ACKNOWLEDGE_ALERT' });
    expect(ack('admin', person('owner'))).toEqual({ allowed: true });
    expect(ack('admin', person('admin', 'me'))).toEqual({ allowed: false, reason: 'self' });
    expect(ack('owner', person('owner', 'me'))).toEqual({ allowed: true });
  });

  it('refuses role, team and impersonation actions in any support session, and writes in a read-only one', () => {
    const full = actor('admin', { supportSession: 'full' });
    const readOnly = actor('admin', { supportSession: 'read_only' });
    for (const action of ['FORCE_LOGOUT', 'IMPERSONATE', 'CHANGE_ROLE', 'CHANGE_STATUS'] as const) {
      expect(mayActOn({ actor: full, target: person('member'), action }), action).toEqual({
        allowed: false,
        reason: 'support_session',
      });
    }
    expect(mayActOn({ actor: full, target: person('member'), action: 'REVOKE_SESSION' })).toEqual({
      allowed: true,
    });
    const readOnlyRevoke = mayActOn({
      actor: readOnly,
      target: person('member'),
      action: 'REVOKE_SESSION',
    });
    expect(readOnlyRevoke).toEqual({ allowed: false, reason: 'support_read_only' });
    // Shown, but disabled, in a read-only support session; hidden where it can never be done.
    expect(isOffered(readOnlyRevoke)).toBe(true);
    expect(
      isOffered(mayActOn({ actor: full, target: person('member'), action: 'FORCE_LOGOUT' })),
    ).toBe(false);
  });

  it('fails closed on a target whose role was not looked up: it is taken as an owner', () => {
    expect(
      mayActOn({ actor: actor('admin'), target: { id: 'them' }, action: 'FORCE_LOGOUT' }),
    ).toEqual({ allowed: false, reason: 'owner_out_of_reach' });
    expect(targetRoleMatters(actor('admin'), 'FORCE_LOGOUT')).toBe(true);
    expect(targetRoleMatters(actor('owner'), 'REVOKE_SESSION')).toBe(false);
    expect(targetRoleMatters(actor('owner'), 'IMPERSONATE')).toBe(true);
    expect(targetRoleMatters(actor('admin'), 'ACKNOWLEDGE_ALERT')).toBe(false);
    expect(reachesOwners(actor('owner'), 'BLOCK_BY_IP_RULE')).toBe(true);
    expect(reachesOwners(actor('admin'), 'BLOCK_BY_IP_RULE')).toBe(false);
    expect(reachesOwners(actor('owner'), 'IMPERSONATE')).toBe(false);
  });

  it('never allows what the actor’s role has no permission for, on someone else', () => {
    for (const action of ACTIONS)
      for (const who of ROLES)
        for (const whom of ROLES) {
          const decision = mayActOn({ actor: actor(who), target: person(whom), action });
          if (decision.allowed)
            expect(permissionsOf(who)).toContain(ACTIONS_ON_PEOPLE[action].permission);
        }
  });
});
