import { describe, expect, it } from 'vitest';
import { supportTimeLeft } from './time-left';

describe('supportTimeLeft', () => {
  const start = Date.parse('2026-12-01T10:00:00.000Z');
  const session = { startedAt: '2026-12-01T10:00:00.000Z', expiresAt: '2026-12-01T11:00:00.000Z' };

  it('counts whole minutes, rounded up', () => {
    expect(supportTimeLeft(session, start)).toBe('60 minutes left');
    expect(supportTimeLeft(session, start + 59 * 60_000 + 1)).toBe('1 minute left');
    expect(supportTimeLeft(session, start + 30 * 60_000 - 1)).toBe('31 minutes left');
  });

  it('never says more than the session lasts, even with a clock a moment behind', () => {
    expect(supportTimeLeft(session, start - 900)).toBe('60 minutes left');
  });

  it('says the session ended once it has, and nothing for an unreadable time', () => {
    expect(supportTimeLeft(session, start + 60 * 60_000)).toBe('ended');
    expect(supportTimeLeft({ ...session, expiresAt: 'not a time' }, start)).toBe('');
  });
});
