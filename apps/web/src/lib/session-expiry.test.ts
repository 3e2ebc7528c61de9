import { describe, expect, it } from 'vitest';
import { EXPIRY_WARNING_MS, expiryWarning, minutesLeft, skewFrom } from './session-expiry';

const T0 = Date.parse('2026-11-24T10:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const MIN = 60_000;

describe('expiryWarning', () => {
  it('stays quiet until 5 minutes before the nearer expiry', () => {
    const times = { idleExpiresAt: at(30 * MIN), absoluteExpiresAt: at(12 * 60 * MIN), skewMs: 0 };
    expect(expiryWarning(T0, times)).toBeNull();
    expect(expiryWarning(T0 + 25 * MIN - 1, times)).toBeNull();
    expect(expiryWarning(T0 + 25 * MIN, times)).toMatchObject({
      kind: 'idle',
      msLeft: EXPIRY_WARNING_MS,
    });
  });

  it('names the absolute limit when it comes first, or at the same moment', () => {
    const times = { idleExpiresAt: at(60 * MIN), absoluteExpiresAt: at(60 * MIN), skewMs: 0 };
    expect(expiryWarning(T0 + 58 * MIN, times)?.kind).toBe('absolute');
  });

  it('reads the time in server terms, so a fast or slow browser clock changes nothing', () => {
    const times = {
      idleExpiresAt: at(30 * MIN),
      absoluteExpiresAt: at(600 * MIN),
      skewMs: -6 * MIN,
    };
    // The browser thinks it is 6 minutes later than the server does.
    expect(expiryWarning(T0 + 30 * MIN, times)).toBeNull();
    expect(expiryWarning(T0 + 31 * MIN, times)?.kind).toBe('idle');
  });

  it('gives a new key when the expiry moves, so a dismissal does not outlive it', () => {
    const first = expiryWarning(T0, {
      idleExpiresAt: at(MIN),
      absoluteExpiresAt: at(90 * MIN),
      skewMs: 0,
    });
    const later = expiryWarning(T0, {
      idleExpiresAt: at(2 * MIN),
      absoluteExpiresAt: at(90 * MIN),
      skewMs: 0,
    });
    expect(first?.key).not.toBe(later?.key);
  });
});

describe('helpers', () => {
  it('says how long is left in words', () => {
    expect(minutesLeft(4 * MIN + 10)).toBe('4 minutes');
    expect(minutesLeft(MIN)).toBe('1 minute');
    expect(minutesLeft(59_000)).toBe('less than a minute');
  });

  it('measures skew from the Date header and ignores a missing one', () => {
    expect(skewFrom('Tue, 24 Nov 2026 10:00:10 GMT', T0)).toBe(10_000);
    expect(skewFrom(null, T0)).toBe(0);
  });
});
