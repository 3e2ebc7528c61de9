import { describe, expect, it } from 'vitest';
import { fieldsOf } from './fields';

const SESSION = '0193c6e2-0000-7000-8000-000000000001';

describe('fieldsOf', () => {
  it('names each field and says its value in words, never a code or JSON', () => {
    const fields = fieldsOf({
      email: 'maya@example.test',
      sessionId: SESSION,
      authMethods: ['password'],
      purpose: 'REVOKE_SESSION',
      mfaAt: null,
    });
    expect(fields.map((f) => [f.label, f.value])).toEqual([
      ['Email', { kind: 'text', text: 'maya@example.test' }],
      ['Session', { kind: 'id', id: SESSION }],
      ['Signed in with', { kind: 'text', text: 'password' }],
      ['Verified for', { kind: 'text', text: 'Sign out a session' }],
    ]);
  });

  it('says what ending access ended, and a refusal window’s count', () => {
    const none = { count: 0, ids: [] };
    const fields = fieldsOf({
      revoked: 2,
      ended: {
        sessions: { count: 2, ids: [SESSION] },
        supportSessions: none,
        grants: none,
        challenges: none,
        apiKeys: { count: 1, ids: [SESSION] },
      },
      window: { count: 12, summary: true, startedAt: '2026-12-01T10:00:00.000Z' },
    });
    expect(fields.map((f) => [f.label, f.value])).toEqual([
      ['Sessions signed out', { kind: 'text', text: '2' }],
      ['Ended', { kind: 'text', text: '2 sessions, 1 API token' }],
      ['Attempts', { kind: 'text', text: '12' }],
    ]);
  });

  it('says coded values in words', () => {
    const fields = fieldsOf({ reason: 'session_limit', mode: 'read_only', method: 'totp' });
    expect(fields.map((f) => f.value)).toEqual([
      { kind: 'text', text: 'the session limit' },
      { kind: 'text', text: 'read-only' },
      { kind: 'text', text: 'authenticator app' },
    ]);
  });

  it('shows instants as times and a filter as named parts', () => {
    const fields = fieldsOf({ expiresAt: '2026-12-01T10:00:00.000Z', filter: { country: 'GB' } });
    expect(fields.map((f) => f.value)).toEqual([
      { kind: 'time', iso: '2026-12-01T10:00:00.000Z' },
      { kind: 'text', text: 'country: GB' },
    ]);
  });
});
