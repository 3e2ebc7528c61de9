import { describe, expect, it } from 'vitest';
import { durationInWords, formatMinutes } from './duration';

describe('formatMinutes', () => {
  it('says minutes alone under an hour', () => {
    expect(formatMinutes(30)).toBe('30 minutes');
    expect(formatMinutes(1)).toBe('1 minute');
    expect(formatMinutes(59)).toBe('59 minutes');
  });

  it('puts the length in words beside the minutes from an hour up', () => {
    expect(formatMinutes(60)).toBe('60 minutes · 1 hour');
    expect(formatMinutes(720)).toBe('720 minutes · 12 hours');
    expect(formatMinutes(10_080)).toBe('10,080 minutes · 7 days');
    expect(formatMinutes(129_600)).toBe('129,600 minutes · 90 days');
  });
});

describe('durationInWords', () => {
  it('spells out the parts that are not zero, largest first', () => {
    expect(durationInWords(90)).toBe('1 hour 30 minutes');
    expect(durationInWords(1_500)).toBe('1 day 1 hour');
    expect(durationInWords(2_881)).toBe('2 days 1 minute');
    expect(durationInWords(0)).toBe('0 minutes');
  });
});
