import { describe, expect, it } from 'vitest';
import { exactTime, relativeTime } from './time';

describe('relativeTime', () => {
  const now = Date.parse('2026-01-15T10:00:00Z');
  it('says just now under a minute, then minutes, hours, days, weeks, months and years ago', () => {
    expect(relativeTime('2026-01-15T09:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-01-15T09:58:00Z', now)).toBe('2 minutes ago');
    expect(relativeTime('2026-01-15T07:00:00Z', now)).toBe('3 hours ago');
    expect(relativeTime('2026-01-13T10:00:00Z', now)).toBe('2 days ago');
    expect(relativeTime('2026-01-14T10:00:00Z', now)).toBe('yesterday');
    expect(relativeTime('2025-12-25T10:00:00Z', now)).toBe('3 weeks ago');
    expect(relativeTime('2025-10-15T10:00:00Z', now)).toBe('3 months ago');
    expect(relativeTime('2024-01-01T10:00:00Z', now)).toBe('2 years ago');
  });

  it('reads the future as the future: a token expiring in 90 days expires "in 3 months"', () => {
    const in90Days = new Date(now + 90 * 86_400_000).toISOString();
    expect(relativeTime(in90Days, now)).toBe('in 3 months');
    // Seen a moment after it was made: still three months, not two.
    expect(relativeTime(in90Days, now + 5_000)).toBe('in 3 months');
    expect(relativeTime('2026-01-17T10:00:00Z', now)).toBe('in 2 days');
    expect(relativeTime('2026-01-15T10:05:00Z', now)).toBe('in 5 minutes');
    expect(relativeTime('2026-01-15T10:00:20Z', now)).toBe('in under a minute');
  });
});

describe('exactTime', () => {
  it('gives the date and the time to the second', () => {
    expect(exactTime('2026-01-15T10:00:07Z')).toMatch(/15 Jan 2026.*:00:07/);
  });
});
