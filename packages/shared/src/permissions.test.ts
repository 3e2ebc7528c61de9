import { describe, expect, it } from 'vitest';
import { assignableRoles, hasPermission, permissionsOf } from './permissions.js';

describe('roles and permissions (DESIGN §6)', () => {
  it('gives members nothing, admins the settings set, owners everything', () => {
    expect(permissionsOf('member')).toEqual([]);
    expect(hasPermission('admin', 'SETTINGS_SECURITY_EDIT')).toBe(true);
    expect(hasPermission('admin', 'ORG_SECURITY_EDIT')).toBe(false);
    expect(hasPermission('admin', 'API_TOKENS_EDIT')).toBe(false);
    expect(hasPermission('owner', 'ORG_SECURITY_EDIT')).toBe(true);
    expect(permissionsOf('owner')).toEqual(expect.arrayContaining([...permissionsOf('admin')]));
  });

  it('lets owners hand out any role, admins never owner, members none', () => {
    expect(assignableRoles('owner')).toEqual(['owner', 'admin', 'member']);
    expect(assignableRoles('admin')).toEqual(['admin', 'member']);
    expect(assignableRoles('member')).toEqual([]);
  });
});
