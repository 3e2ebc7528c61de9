import type { Permission } from '@gatehouse/shared';
import { paths } from '../paths';

export interface NavItem {
  label: string;
  to: string;
  /** Shown only to users holding this permission. */
  permission?: Permission;
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

/** The home page, before the groups: everyone's documents. */
export const HOME_ITEM: NavItem = { label: 'Documents', to: paths.documents };

/** DESIGN §10: your own pages, then the organisation's — each shown when permitted. */
export const NAV_GROUPS: NavGroup[] = [
  { label: 'Account', items: [{ label: 'Security', to: paths.security }] },
  {
    label: 'Organisation',
    items: [
      { label: 'Team', to: paths.team, permission: 'SETTINGS_TEAM_VIEW' },
      { label: 'Sessions', to: paths.orgSessions, permission: 'SETTINGS_SECURITY_VIEW' },
      { label: 'Session security', to: paths.sessionSecurity, permission: 'ORG_SECURITY_EDIT' },
      { label: 'IP rules', to: paths.ipRules, permission: 'SETTINGS_SECURITY_EDIT' },
      { label: 'API tokens', to: paths.apiTokens, permission: 'API_TOKENS_EDIT' },
      { label: 'Audit log', to: paths.audit, permission: 'AUDIT_VIEW' },
      { label: 'Alerts', to: paths.alerts, permission: 'SETTINGS_SECURITY_VIEW' },
    ],
  },
];

/** The groups a user with these permissions may see; a group with nothing for them is left out. */
export function visibleNav(permissions: readonly Permission[]): NavGroup[] {
  return NAV_GROUPS.map((group) => ({
    ...group,
    items: group.items.filter((i) => !i.permission || permissions.includes(i.permission)),
  })).filter((group) => group.items.length > 0);
}
