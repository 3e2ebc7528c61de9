import { type ImpersonationMode, permissionsOf, type Role } from '@gatehouse/shared';
import { describe, expect, it } from 'vitest';
import {
  type Caller,
  canDisable,
  canForceLogout,
  canImpersonate,
  forceLogoutCopy,
  reasonIssue,
  roleChangeCopy,
  rolesOnOffer,
  statusChangeCopy,
} from './actions';

const caller = (role: Role): Caller => ({ id: 'me', role, permissions: permissionsOf(role) });
const inSupportSession = (role: Role, mode: ImpersonationMode): Caller => ({
  ...caller(role),
  supportSession: mode,
});
const target = (role: Role, overrides = {}) => ({
  id: 'them',
  role,
  disabled: false,
  ...overrides,
});

describe('canForceLogout', () => {
  it('lets admins and owners sign a member or admin out', () => {
    expect(canForceLogout(caller('admin'), target('member'))).toBe(true);
    expect(canForceLogout(caller('owner'), target('admin'))).toBe(true);
  });

  it('keeps owners out of an admin’s reach, but not another owner’s', () => {
    expect(canForceLogout(caller('admin'), target('owner'))).toBe(false);
    expect(canForceLogout(caller('owner'), target('owner'))).toBe(true);
  });

  it('is never offered to members, nor against yourself', () => {
    expect(canForceLogout(caller('member'), target('member'))).toBe(false);
    expect(canForceLogout(caller('owner'), target('owner', { id: 'me' }))).toBe(false);
  });
});

describe('canImpersonate', () => {
  it('lets an admin impersonate a member or another admin', () => {
    expect(canImpersonate(caller('admin'), target('member'))).toBe(true);
    expect(canImpersonate(caller('owner'), target('admin'))).toBe(true);
  });

  it('never an owner, yourself, a disabled account, or while impersonating', () => {
    expect(canImpersonate(caller('owner'), target('owner'))).toBe(false);
    expect(canImpersonate(caller('admin'), target('member', { id: 'me' }))).toBe(false);
    expect(canImpersonate(caller('admin'), target('member', { disabled: true }))).toBe(false);
    expect(canImpersonate(inSupportSession('admin', 'full'), target('member'))).toBe(false);
    expect(canImpersonate(caller('member'), target('member'))).toBe(false);
  });
});

describe('in a support session (the shared policy, as the server applies it)', () => {
  it('offers no force logout, role or status change, in any mode', () => {
    for (const mode of ['read_only', 'full'] as const) {
      const admin = inSupportSession('admin', mode);
      expect(canForceLogout(admin, target('member')), mode).toBe(false);
      expect(rolesOnOffer(admin, target('member')), mode).toEqual([]);
      expect(canDisable(admin, target('member')), mode).toBe(false);
    }
  });
});

describe('forceLogoutCopy', () => {
  it('names the person and their live session count', () => {
    const copy = forceLogoutCopy({ name: 'Maya Member', liveSessions: 2 });
    expect(copy.title).toBe('Force logout Maya Member?');
    expect(copy.description).toMatch(/^This ends their 2 sessions/);
    expect(forceLogoutCopy({ name: 'M', liveSessions: 1 }).description).toMatch(
      /^This ends their session/,
    );
    expect(forceLogoutCopy({ name: 'M', liveSessions: 0 }).description).toMatch(/not signed in/);
  });
});

describe('reasonIssue', () => {
  it('wants 10 to 500 characters, not counting the spaces around', () => {
    expect(reasonIssue('Ticket #4821: cannot see the Q3 report')).toBeNull();
    expect(reasonIssue('   short    ')).toBe('Say why in at least 10 characters');
    expect(reasonIssue('x'.repeat(501))).toBe('Keep the reason under 500 characters');
  });
});

describe('rolesOnOffer and canDisable', () => {
  it('lets an owner give any role to anyone else, an owner included', () => {
    expect(rolesOnOffer(caller('owner'), target('owner'))).toEqual(['owner', 'admin', 'member']);
    expect(canDisable(caller('owner'), target('owner'))).toBe(true);
  });

  it('offers an admin nothing on an owner, and never the owner role', () => {
    expect(rolesOnOffer(caller('admin'), target('owner'))).toEqual([]);
    expect(canDisable(caller('admin'), target('owner'))).toBe(false);
    expect(rolesOnOffer(caller('admin'), target('member'))).toEqual(['admin', 'member']);
    expect(canDisable(caller('admin'), target('admin'))).toBe(true);
  });

  it('offers nothing on yourself, nor to members', () => {
    expect(rolesOnOffer(caller('owner'), target('owner', { id: 'me' }))).toEqual([]);
    expect(canDisable(caller('owner'), target('member', { id: 'me' }))).toBe(false);
    expect(rolesOnOffer(caller('member'), target('member'))).toEqual([]);
    expect(canDisable(caller('member'), target('member'))).toBe(false);
  });
});

describe('roleChangeCopy and statusChangeCopy', () => {
  it('says a demotion signs the person out and ends their tokens', () => {
    expect(roleChangeCopy({ name: 'Ada', role: 'admin' }, 'member')).toMatch(
      /^Ada becomes a member\. They are signed out everywhere.*API tokens/,
    );
    expect(roleChangeCopy({ name: 'Ada', role: 'member' }, 'admin')).toMatch(
      /^Ada becomes an admin, from their next request on/,
    );
    expect(roleChangeCopy({ name: 'Ada', role: 'admin' }, 'admin')).toBe(
      'Ada is already an admin.',
    );
  });

  it('asks to disable or to enable, and says what each does', () => {
    const off = statusChangeCopy({ name: 'Ada', disabled: false });
    expect(off).toMatchObject({ title: 'Disable Ada?', confirmLabel: 'Disable' });
    expect(off.description).toContain('cannot sign in');
    const on = statusChangeCopy({ name: 'Ada', disabled: true });
    expect(on).toMatchObject({ title: 'Enable Ada?', confirmLabel: 'Enable' });
    expect(on.description).toContain('stay ended');
  });
});
