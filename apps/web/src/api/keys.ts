/**
 * Every server-state cache key in one place, so a mutation in one feature can refresh what
 * another shows. Keys nest: invalidating `orgSecurity` also refreshes `activeUsers`.
 */
export const queryKeys = {
  me: ['me'],
  sessions: ['sessions'],
  mfaStatus: ['mfa-status'],
  securityActivity: ['security-activity'],
  documents: ['documents'],
  shares: ['shares'],
  team: ['team'],
  orgSecurity: ['org-security'],
  activeUsers: ['org-security', 'active-users'],
} as const;
