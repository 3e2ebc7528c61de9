import type { SessionDTO } from '@gatehouse/shared';

/** "London, GB", "GB", or "Unknown location". */
export function sessionPlace(session: Pick<SessionDTO, 'city' | 'country'>): string {
  return [session.city, session.country].filter(Boolean).join(', ') || 'Unknown location';
}

/**
 * The badge of an administrator's support session (impersonation): "Support session by Ada
 * Admin" so the user knows who was in their account, or null for an ordinary session.
 */
export function supportSessionLabel(
  session: Pick<SessionDTO, 'impersonated' | 'impersonator'>,
): string | null {
  if (session.impersonator) return `Support session by ${session.impersonator.name}`;
  return session.impersonated ? 'Support session' : null;
}
