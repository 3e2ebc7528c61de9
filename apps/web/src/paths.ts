/** Every route of the SPA, typed, in one place. */
export const paths = {
  documents: '/',
  login: '/login',
  signup: '/signup',
  forgotPassword: '/forgot-password',
  resetPassword: '/reset-password',
  devMail: '/dev/mail',
  security: '/settings/security',
  team: '/admin/users',
  orgSessions: '/admin/sessions',
  sessionSecurity: '/account/security',
  ipRules: '/admin/ip-rules',
  apiTokens: '/admin/api-tokens',
  audit: '/admin/audit',
  alerts: '/admin/alerts',
  thisWasntMe: '/this-wasnt-me',
} as const;

export function loginPath(reason?: string, next?: string, device?: string): string {
  const params = new URLSearchParams();
  if (reason) params.set('reason', reason);
  // `session_limit`: which device's sign-in took the session's place.
  if (reason && device) params.set('device', device);
  if (next && next !== '/') params.set('next', next);
  const query = params.toString();
  return query ? `${paths.login}?${query}` : paths.login;
}
