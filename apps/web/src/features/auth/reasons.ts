import type { UnauthenticatedReason } from '@gatehouse/shared';

/** Banner text for /login?reason=… (DESIGN §10), one for each reason a 401 may carry. */
const REASON_MESSAGES: Record<UnauthenticatedReason, string> = {
  session_expired: 'Your session expired. Please sign in again.',
  session_revoked: 'This session was signed out from another device or by an administrator.',
  session_invalidated: 'You were signed out everywhere. Please sign in again.',
  forced_logout:
    'An administrator signed you out of every device. Sign in again, or ask them why if you did not expect it.',
  no_session: 'Please sign in to continue.',
};

const isReason = (reason: string): reason is UnauthenticatedReason =>
  Object.hasOwn(REASON_MESSAGES, reason);

/** The banner for `?reason=`, or null for no reason or one this page does not know. */
export function reasonMessage(reason: string | null): string | null {
  return reason && isReason(reason) ? REASON_MESSAGES[reason] : null;
}
