import { describe, expect, it } from 'vitest';
import { sessionPlace, supportSessionLabel } from './sessions';

describe('sessionPlace', () => {
  it('joins what is known of the place, or says it is unknown', () => {
    expect(sessionPlace({ city: 'London', country: 'GB' })).toBe('London, GB');
    expect(sessionPlace({ city: null, country: 'GB' })).toBe('GB');
    expect(sessionPlace({ city: null, country: null })).toBe('Unknown location');
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
