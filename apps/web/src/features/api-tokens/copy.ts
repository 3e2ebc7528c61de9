import { API_TOKEN_EXPIRY_DAYS, type ApiTokenScope } from '@gatehouse/shared';

/** What each scope lets a token do, as the create form says it. */
export const SCOPE_LABELS: Record<ApiTokenScope, string> = {
  'sessions:read': 'sessions:read — list the org’s sessions',
  'sessions:write': 'sessions:write — end sessions, force logout, clean up',
  'users:read': 'users:read — list the org’s users',
  'audit:read': 'audit:read — read the audit log',
};

export type ExpiryChoice = (typeof API_TOKEN_EXPIRY_DAYS)[number] | 'never';

export const EXPIRY_CHOICES: { value: ExpiryChoice; label: string }[] = [
  { value: 30, label: '30 days' },
  { value: 90, label: '90 days' },
  { value: 365, label: '1 year' },
  { value: 'never', label: 'Never' },
];

export function expiryOf(value: string): number | null {
  if (value === 'never') return null;
  const days = Number(value);
  return API_TOKEN_EXPIRY_DAYS.some((d) => d === days) ? days : 90;
}

export const NEVER_WARNING =
  'A token that never expires works until someone revokes it. Prefer an expiry, and rotate it.';
