/** Banner text for /login?reason=… (DESIGN §10). */
export const REASON_MESSAGES: Record<string, string> = {
  session_expired: 'Your session expired. Please sign in again.',
  session_revoked: 'This session was signed out from another device or by an administrator.',
  session_invalidated: 'You were signed out everywhere. Please sign in again.',
  no_session: 'Please sign in to continue.',
};
