/** Roles and what they may do (DESIGN §6). */
export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'SETTINGS_SECURITY_VIEW',
  'SETTINGS_SECURITY_EDIT',
  'SETTINGS_TEAM_VIEW',
  'SETTINGS_TEAM_EDIT',
  'IMPERSONATE',
  'AUDIT_VIEW',
  'ORG_SECURITY_EDIT',
  'API_TOKENS_EDIT',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ADMIN_PERMISSIONS: readonly Permission[] = [
  'SETTINGS_SECURITY_VIEW',
  'SETTINGS_SECURITY_EDIT',
  'SETTINGS_TEAM_VIEW',
  'SETTINGS_TEAM_EDIT',
  'IMPERSONATE',
  'AUDIT_VIEW',
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  member: [],
  admin: ADMIN_PERMISSIONS,
  owner: [...ADMIN_PERMISSIONS, 'ORG_SECURITY_EDIT', 'API_TOKENS_EDIT'],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles a user with `role` may hand out when creating or changing a user. */
export function assignableRoles(role: Role): readonly Role[] {
  if (role === 'owner') return ROLES;
  if (role === 'admin') return ['admin', 'member'];
  return [];
}
