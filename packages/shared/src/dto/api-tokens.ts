/** What an API token may do (DESIGN §6–§7); a route names the one scope it needs. */
export const API_TOKEN_SCOPES = [
  'sessions:read',
  'sessions:write',
  'users:read',
  'audit:read',
] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];
