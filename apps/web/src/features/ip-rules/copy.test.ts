import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { cidrIssue, isOwnerBlockRefusal, lockoutIp, ownersSentence, previewSentence } from './copy';

const preview = (blockedSessions: number, blockedUserCount: number) => ({
  blockedSessions,
  blockedUserCount,
  blockedUsers: [],
  blocksYou: false,
  yourIp: '192.0.2.1',
  blockedOwners: [] as { id: string; name: string }[],
  needsOwner: false,
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

describe('ownersSentence', () => {
  const olive = { id: '0193c6e2-0000-7000-8000-000000000001', name: 'Olive Owner' };
  const otto = { id: '0193c6e2-0000-7000-8000-000000000002', name: 'Otto Owner' };

  it('tells an admin that only an owner may make a change that blocks owners', () => {
    const res = { ...preview(1, 1), blockedOwners: [olive], needsOwner: true };
    expect(ownersSentence(res)).toBe(
      'This would block the owner Olive Owner from a network they use. Only an owner can make this change.',
    );
  });

  it('tells an owner whom they would block, and says nothing when no owner is blocked', () => {
    const res = { ...preview(2, 2), blockedOwners: [olive, otto] };
    expect(ownersSentence(res)).toBe(
      'This would block the owners Olive Owner and Otto Owner from a network they use.',
    );
    expect(ownersSentence(preview(2, 2))).toBeNull();
  });
});

describe('isOwnerBlockRefusal', () => {
  it('recognises the 409 WOULD_BLOCK_OWNER refusal only', () => {
    const body = { error: 'WOULD_BLOCK_OWNER', message: 'x', owners: [] };
    expect(isOwnerBlockRefusal(new ApiError(409, 'WOULD_BLOCK_OWNER', 'x', body as never))).toBe(
      true,
    );
    const lockout = { error: 'CONFLICT', message: 'x', reason: 'self_lockout' };
    expect(isOwnerBlockRefusal(new ApiError(409, 'CONFLICT', 'x', lockout as never))).toBe(false);
  });
});
