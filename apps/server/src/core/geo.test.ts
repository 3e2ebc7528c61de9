import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { geoFromProxyHeaders, openGeoDatabase } from './geo.js';

const DB = fileURLToPath(
  new URL('../../test/fixtures/geoip/GeoIP2-City-Test.mmdb', import.meta.url),
);

describe('openGeoDatabase', () => {
  const geo = openGeoDatabase(DB);

  it('finds London for 81.2.69.142', () => {
    expect(geo.lookup('81.2.69.142')).toEqual({
      country: 'GB',
      city: 'London',
      latitude: 51.5142,
      longitude: -0.0931,
      accuracyKm: 10,
    });
  });

  it('finds Changchun for an IPv4-mapped IPv6 address', () => {
    expect(geo.lookup('::ffff:175.16.199.10')).toMatchObject({ country: 'CN', city: 'Changchun' });
  });

  it('finds San Diego for an IPv6 address', () => {
    expect(geo.lookup('2001:480:10::1')).toMatchObject({ country: 'US', city: 'San Diego' });
  });

  it('answers null for loopback, unknown and malformed addresses', () => {
    expect(geo.lookup('127.0.0.1')).toBeNull();
    expect(geo.lookup('not-an-ip')).toBeNull();
    expect(geo.lookup(null)).toBeNull();
  });
});

describe('geoFromProxyHeaders', () => {
  it('reads a CDN country and city', () => {
    const headers: Record<string, string> = { 'cf-ipcountry': 'se', 'cf-ipcity': 'Linköping' };
    expect(geoFromProxyHeaders((n) => headers[n])).toEqual({
      country: 'SE',
      city: 'Linköping',
      latitude: null,
      longitude: null,
    });
  });

  it('ignores a malformed or unknown country', () => {
    expect(geoFromProxyHeaders((n) => (n === 'cf-ipcountry' ? 'XX' : undefined))).toBeNull();
    expect(geoFromProxyHeaders((n) => (n === 'cf-ipcountry' ? '<script>' : undefined))).toBeNull();
  });
});
