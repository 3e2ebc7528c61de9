import type { UnauthenticatedReason } from '@gatehouse/shared';

/** Banner text for /login?reason=… (DESIGN §10), one for each reason a 401 may carry. */
const REASON_MESSAGES: Record<UnauthenticatedReason, string> = {
  session_expired: 'Your session expired. Please sign in again.',
  session_revoked: 'This session was signed out from another device or by an administrator.',
  session_invalidated: 'You were signed out everywhere. Please sign in again.',
  forced_logout:
    'An administrator signed you out of every device. Sign in again, or ask them why if you did not expect it.',
  no_session: 'Please sign in to continue.',
  password_changed:
    'Your password was changed in another session, which signed this one out. Sign in with the new password, or use “Forgot password?” if that was not you.',
  session_limit:
    'You were signed out because you signed in on another device, and your organisation limits how many sessions you may have at once.',
  device_proof_required:
    'This browser could not prove it is the device this session was started on. Please sign in again.',
};

/**
 * A device's label as the server words it ("Chrome on macOS": letters, "<browser> on <system>").
 * The address bar can say anything, so anything else — long, with digits (a phone number), odd
 * characters: someone's link — is not repeated on the page.
 */
function plausibleDevice(device: string | null | undefined): string | null {
  if (!device || device.length > 40) return null;
  return /^[\p{L} ._()/-]+ on [\p{L} ._()/-]+$/u.test(device) ? device : null;
}

/** Not a 401: the session lives, but the org's IP rules refuse this network (403 IP_BLOCKED). */
const IP_BLOCKED_MESSAGE =
  'Your organisation does not allow access from this network. Connect from an allowed network and sign in again.';

const isReason = (reason: string): reason is UnauthenticatedReason =>
  Object.hasOwn(REASON_MESSAGES, reason);

/** Not a 401 either: the reset page sends the user here to sign in with the new password. */
const PASSWORD_RESET_MESSAGE =
  'Your password was changed and every device was signed out. Sign in with your new password.';

/** The banner for `?reason=`, or null for no reason or one this page does not know. */
export function reasonMessage(reason: string | null, device?: string | null): string | null {
  if (reason === 'ip_blocked') return IP_BLOCKED_MESSAGE;
  const replacedBy = reason === 'session_limit' ? plausibleDevice(device) : null;
  if (replacedBy)
    return `You were signed out because you signed in on ${replacedBy}. Your organisation limits how many sessions you may have at once; sign in here to end another one.`;
  if (reason === 'password_reset') return PASSWORD_RESET_MESSAGE;
  return reason && isReason(reason) ? REASON_MESSAGES[reason] : null;
}
