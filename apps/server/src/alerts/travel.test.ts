import { describe, expect, it } from 'vitest';
import { distanceKm, impliedTravel, isImpossible } from './travel.js';

const london = { latitude: 51.5142, longitude: -0.0931, accuracyKm: 10 };
const boxford = { latitude: 51.75, longitude: -1.25, accuracyKm: 100 };
const changchun = { latitude: 43.88, longitude: 125.3228, accuracyKm: 100 };
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);

describe('impliedTravel', () => {
  it('measures great-circle distances', () => {
    expect(distanceKm(london, changchun)).toBeGreaterThan(8_000);
    expect(distanceKm(london, changchun)).toBeLessThan(8_500);
    expect(distanceKm(london, london)).toBe(0);
  });

  it('calls London to Changchun in two hours impossible, and in two days possible', () => {
    expect(isImpossible(impliedTravel(london, at(0), changchun, at(120)))).toBe(true);
    expect(isImpossible(impliedTravel(london, at(0), changchun, at(48 * 60)))).toBe(false);
  });

  it('ignores a distance the accuracy radii cover, however fast', () => {
    expect(impliedTravel(london, at(0), boxford, at(1))).toBeNull();
    expect(impliedTravel(london, at(0), { ...boxford, accuracyKm: 0 }, at(1))).not.toBeNull();
  });

  it('treats two sign-ins at the same instant far apart as impossible', () => {
    expect(impliedTravel(london, at(0), changchun, at(0))?.speedKmh).toBe(Infinity);
  });
});
