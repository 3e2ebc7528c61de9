/** Implied travel speed between two sign-ins (DESIGN §9: over 1 000 km/h is impossible). */

export const IMPOSSIBLE_SPEED_KMH = 1_000;
const EARTH_RADIUS_KM = 6_371;

export interface Place {
  latitude: number;
  longitude: number;
  /** GeoIP's accuracy radius, if known. */
  accuracyKm: number | null;
}

const radians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine). */
export function distanceKm(a: Place, b: Place): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Travel {
  distanceKm: number;
  hours: number;
  speedKmh: number;
}

/**
 * The travel two sign-ins imply, or null when it proves nothing: the distance lies within the
 * two accuracy radii (the same place, as far as GeoIP can tell). The speed is taken over the
 * distance beyond those radii, so a vague location never makes a trip look faster than it was.
 */
export function impliedTravel(from: Place, fromAt: Date, to: Place, toAt: Date): Travel | null {
  const distance = distanceKm(from, to);
  const slack = (from.accuracyKm ?? 0) + (to.accuracyKm ?? 0);
  if (distance <= slack) return null;
  const hours = Math.max(0, toAt.getTime() - fromAt.getTime()) / 3_600_000;
  const speedKmh = hours === 0 ? Number.POSITIVE_INFINITY : (distance - slack) / hours;
  return { distanceKm: distance, hours, speedKmh };
}

export function isImpossible(travel: Travel | null): travel is Travel {
  return travel !== null && travel.speedKmh > IMPOSSIBLE_SPEED_KMH;
}
