import { type ImpersonationMode, permissionsOf, type Role } from '@gatehouse/shared';
import { describe, expect, it } from 'vitest';
import { actorOf, offers } from './may-act-on';

const me = (role: Role, mode: ImpersonationMode | null = null) => ({
  user: { id: 'me', role, permissions: [...permissionsOf(role)] },
  impersonation: mode ? { mode } : null,
});
const owner = { id: 'them', role: 'owner' as const };

describe('the controls an admin is offered against an owner', () => {
  it('hides force logout, impersonate, role change, disable and revoke', () => {
    const admin = actorOf(me('admin'));
    for (const action of [
      'FORCE_LOGOUT',
      'IMPERSONATE',
      'CHANGE_ROLE',
      'CHANGE_STATUS',
      'REVOKE_SESSION',
    ] as const)
      expect(offers(admin, action, owner), action).toBe(false);
  });

  it('offers an owner the same controls against another owner, impersonation aside', () => {
    const theOwner = actorOf(me('owner'));
    for (const action of [
      'FORCE_LOGOUT',
      'CHANGE_ROLE',
      'CHANGE_STATUS',
      'REVOKE_SESSION',
    ] as const)
      expect(offers(theOwner, action, owner), action).toBe(true);
    expect(offers(theOwner, 'IMPERSONATE', owner)).toBe(false);
  });
});

describe('a support session', () => {
  it('is read as the org’s mode', () => {
    expect(actorOf(me('member', 'read_only')).supportSession).toBe('read_only');
    expect(actorOf(me('member')).supportSession).toBeNull();
  });

  it('read-only: shows revoke (disabled by WriteControl); never: hides force logout', () => {
    const readOnly = actorOf(me('admin', 'read_only'));
    expect(offers(readOnly, 'REVOKE_SESSION', { id: 'them', role: 'member' })).toBe(true);
    expect(offers(readOnly, 'FORCE_LOGOUT', { id: 'them', role: 'member' })).toBe(false);
  });
});
