import type { SessionDTO } from '@gatehouse/shared';
import { countryName } from './countries';

/** "London, United Kingdom", "United Kingdom", or "Unknown location". */
export function sessionPlace(session: Pick<SessionDTO, 'city' | 'country'>): string {
  const country = session.country ? countryName(session.country) : null;
  return [session.city, country].filter(Boolean).join(', ') || 'Unknown location';
}

/** This device's session first, then the others as the server ordered them (last seen first). */
export function currentFirst<S extends Pick<SessionDTO, 'current'>>(sessions: readonly S[]): S[] {
  return [...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)];
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
