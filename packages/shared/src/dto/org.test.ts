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
