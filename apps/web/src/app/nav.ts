import type { Permission } from '@gatehouse/shared';
import { paths } from '../paths';

export interface NavItem {
  label: string;
  to: string;
  /** Shown only to users holding this permission. */
  permission?: Permission;
}

export const NAV_ITEMS: NavItem[] = [
  { label: 'Documents', to: paths.documents },
  { label: 'Security', to: paths.security },
  { label: 'Team', to: paths.team, permission: 'SETTINGS_TEAM_VIEW' },
  { label: 'Org sessions', to: paths.orgSessions, permission: 'SETTINGS_SECURITY_VIEW' },
  { label: 'IP rules', to: paths.ipRules, permission: 'SETTINGS_SECURITY_EDIT' },
  { label: 'Session security', to: paths.sessionSecurity, permission: 'ORG_SECURITY_EDIT' },
  { label: 'API tokens', to: paths.apiTokens, permission: 'API_TOKENS_EDIT' },
  { label: 'Audit log', to: paths.audit, permission: 'AUDIT_VIEW' },
  { label: 'Alerts', to: paths.alerts, permission: 'SETTINGS_SECURITY_VIEW' },
];

/** The navigation a user with these permissions may see. */
export function visibleNav(permissions: readonly Permission[]): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || permissions.includes(item.permission));
}
