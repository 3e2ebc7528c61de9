import { describe, expect, it } from 'vitest';
import { relativeTime } from './time';

describe('relativeTime', () => {
  const now = Date.parse('2026-01-15T10:00:00Z');
  it('says just now under a minute, then minutes, hours and days', () => {
    expect(relativeTime('2026-01-15T09:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-01-15T09:58:00Z', now)).toBe('2 min. ago');
    expect(relativeTime('2026-01-15T07:00:00Z', now)).toBe('3 hr. ago');
    expect(relativeTime('2026-01-13T10:00:00Z', now)).toBe('2 days ago');
  });
});
