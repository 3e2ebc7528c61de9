import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { cidrIssue, lockoutIp, previewSentence } from './copy';

const preview = (blockedSessions: number, blockedUserCount: number) => ({
  blockedSessions,
  blockedUserCount,
  blockedUsers: [],
  blocksYou: false,
  yourIp: '192.0.2.1',
});

describe('previewSentence', () => {
  it('counts people and sessions', () => {
    expect(previewSentence(preview(5, 3))).toBe(
      '3 people, 5 sessions would be signed out of their current network.',
    );
    expect(previewSentence(preview(1, 1))).toBe(
      '1 person, 1 session would be signed out of their current network.',
    );
    expect(previewSentence(preview(0, 0))).toMatch(/No one/);
  });
});

describe('cidrIssue', () => {
  it("finds the new rule's range among the preview's issues", () => {
    const issues = [{ path: 'rules.2.cidr', message: 'bad' }];
    expect(cidrIssue(issues, 2)).toBe('bad');
    expect(cidrIssue(issues, 1)).toBeUndefined();
  });
});

describe('lockoutIp', () => {
  it('reads yourIp from a 409 self-lockout only', () => {
    const body = { error: 'CONFLICT', message: 'x', reason: 'self_lockout', yourIp: '192.0.2.1' };
    expect(lockoutIp(new ApiError(409, 'CONFLICT', 'x', body as never))).toBe('192.0.2.1');
    const dup = { error: 'CONFLICT', message: 'x', reason: 'duplicate' };
    expect(lockoutIp(new ApiError(409, 'CONFLICT', 'x', dup as never))).toBeUndefined();
    expect(lockoutIp(new Error('x'))).toBeUndefined();
  });
});
