import { describe, expect, it } from 'vitest';
import { COUNTRIES, countryName } from './countries';

describe('countries', () => {
  it('names a country by its code, and keeps a code it cannot name', () => {
    expect(countryName('PT')).toBe('Portugal');
    expect(countryName('gb')).toBe('United Kingdom');
    expect(countryName('Q9')).toBe('Q9');
  });

  it('lists countries by name, without groupings', () => {
    expect(COUNTRIES.length).toBeGreaterThan(200);
    expect(COUNTRIES.find((c) => c.code === 'SE')?.name).toBe('Sweden');
    expect(COUNTRIES.some((c) => c.code === 'EU' || c.code === 'UN')).toBe(false);
    const names = COUNTRIES.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });
});
