import { describe, expect, it } from 'vitest';
import { orgSecurityPatchSchema, sessionPolicyIssue } from './org.js';

describe('sessionPolicyIssue', () => {
  it('checks idle ≤ absolute on effective values, an empty override taking Strict’s', () => {
    expect(
      sessionPolicyIssue({ preset: 'custom', idleMinutes: 43_200, absoluteMinutes: null }),
    ).toMatchObject({
      path: 'idleMinutes',
      message: expect.stringContaining('Strict'),
    });
    expect(
      sessionPolicyIssue({ preset: 'custom', idleMinutes: 720, absoluteMinutes: null }),
    ).toBeNull();
    expect(
      sessionPolicyIssue({ preset: 'custom', idleMinutes: null, absoluteMinutes: 60 }),
    ).toBeNull();
    expect(
      sessionPolicyIssue({ preset: 'standard', idleMinutes: 900, absoluteMinutes: 60 }),
    ).toBeNull();
  });
});

describe('orgSecurityPatchSchema', () => {
  it('takes null as "clear the override" and refuses what is out of bounds or unknown', () => {
    expect(orgSecurityPatchSchema.safeParse({ idleMinutes: null }).success).toBe(true);
    expect(orgSecurityPatchSchema.safeParse({ idleMinutes: 4 }).success).toBe(false);
    expect(orgSecurityPatchSchema.safeParse({ absoluteMinutes: 129_601 }).success).toBe(false);
    expect(orgSecurityPatchSchema.safeParse({ maxSessionsPerUser: 0 }).success).toBe(false);
    expect(orgSecurityPatchSchema.safeParse({ extra: true }).success).toBe(false);
  });
});

describe('orgSecurityPatchSchema round trip', () => {
  const asRead = {
    requireMfaForDownloads: true,
    requireMfaForShares: false,
    sessionPolicy: {
      preset: 'custom',
      idleMinutes: 60,
      absoluteMinutes: 600,
      effective: { idleMinutes: 60, absoluteMinutes: 600 },
      bounds: {},
      presets: {},
    },
    maxSessionsPerUser: 5,
    activeUsers: [],
    activeUsersNextCursor: null,
    updatedAt: null,
  };

  it('accepts the shape GET returns and merges it into the flat change', () => {
    expect(orgSecurityPatchSchema.parse(asRead)).toEqual({
      requireMfaForDownloads: true,
      requireMfaForShares: false,
      preset: 'custom',
      idleMinutes: 60,
      absoluteMinutes: 600,
      maxSessionsPerUser: 5,
    });
  });

  it('refuses a field given flat and nested with different values', () => {
    const result = orgSecurityPatchSchema.safeParse({ ...asRead, idleMinutes: 30 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['sessionPolicy', 'idleMinutes']);
  });
});
