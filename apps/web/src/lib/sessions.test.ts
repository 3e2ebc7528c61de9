import { describe, expect, it } from 'vitest';
import { currentFirst, sessionPlace, supportSessionLabel } from './sessions';

describe('sessionPlace', () => {
  it('joins what is known of the place, or says it is unknown', () => {
    expect(sessionPlace({ city: 'London', country: 'GB' })).toBe('London, United Kingdom');
    expect(sessionPlace({ city: null, country: 'PT' })).toBe('Portugal');
    expect(sessionPlace({ city: null, country: null })).toBe('Unknown location');
  });
});

describe('currentFirst', () => {
  it('puts this device first and keeps the others in order', () => {
    const list = [
      { id: 'a', current: false },
      { id: 'b', current: true },
      { id: 'c', current: false },
    ];
    expect(currentFirst(list).map((s) => s.id)).toEqual(['b', 'a', 'c']);
  });
});

describe('supportSessionLabel', () => {
  const admin = { id: '00000000-0000-4000-8000-000000000001', name: 'Ada Admin' };
  it('names the administrator behind a support session', () => {
    expect(supportSessionLabel({ impersonated: true, impersonator: admin })).toBe(
      'Support session by Ada Admin',
    );
  });
  it('still says "Support session" when the administrator is not known', () => {
    expect(supportSessionLabel({ impersonated: true, impersonator: null })).toBe('Support session');
  });
  it('is null for an ordinary session', () => {
    expect(supportSessionLabel({ impersonated: false, impersonator: null })).toBeNull();
  });
});
