import { readFileSync } from 'node:fs';
import { type CityResponse, Reader, validate } from 'maxmind';

export interface GeoPoint {
  country: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
  /** How far off (km) the point may be, as GeoIP reports it; unknown from proxy headers. */
  accuracyKm?: number | null;
}

export interface GeoLookup {
  lookup(ip: string | null): GeoPoint | null;
}

export const noGeo: GeoLookup = { lookup: () => null };

/** Geo from a MaxMind-format city database (GEOIP_DB), read into memory once. */
export function openGeoDatabase(path: string): GeoLookup {
  const reader = new Reader<CityResponse>(readFileSync(path));
  return {
    lookup(ip) {
      const address = ip?.replace(/^::ffff:/, '');
      if (!address || !validate(address)) return null;
      const hit = reader.get(address);
      if (!hit) return null;
      return {
        country: hit.country?.iso_code ?? hit.registered_country?.iso_code ?? null,
        city: hit.city?.names?.en ?? null,
        latitude: hit.location?.latitude ?? null,
        longitude: hit.location?.longitude ?? null,
        accuracyKm: hit.location?.accuracy_radius ?? null,
      };
    },
  };
}

/**
 * The geo headers a proxy may send, lower-case: Cloudflare's and a generic family. Which of them
 * are believed is the operator's choice (TRUST_GEO_HEADERS); none is by default.
 */
export const GEO_HEADERS = [
  'cf-ipcountry',
  'cf-ipcity',
  'cf-iplatitude',
  'cf-iplongitude',
  'x-geo-country',
  'x-geo-city',
  'x-geo-latitude',
  'x-geo-longitude',
] as const;
export type GeoHeader = (typeof GEO_HEADERS)[number];

/** Geo a trusted proxy (a CDN or load balancer) already resolved, e.g. Cloudflare's headers. */
export function geoFromProxyHeaders(get: (name: GeoHeader) => string | undefined): GeoPoint | null {
  const country = get('cf-ipcountry') ?? get('x-geo-country');
  if (!country || !/^[A-Za-z]{2}$/.test(country) || country.toUpperCase() === 'XX') return null;
  const number = (value: string | undefined): number | null => {
    const parsed = value === undefined ? Number.NaN : Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  };
  const city = get('cf-ipcity') ?? get('x-geo-city');
  return {
    country: country.toUpperCase(),
    city: city ? city.slice(0, 100) : null,
    latitude: number(get('cf-iplatitude') ?? get('x-geo-latitude')),
    longitude: number(get('cf-iplongitude') ?? get('x-geo-longitude')),
  };
}
