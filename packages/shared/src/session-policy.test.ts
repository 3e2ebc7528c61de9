import { describe, expect, it } from 'vitest';
import { effectiveSessionPolicy } from './session-policy.js';
import { STEP_UP_LONG_TTL_MS, STEP_UP_TTL_MS, stepUpTtlMs } from './step-up.js';

describe('effectiveSessionPolicy', () => {
  it('uses the preset values for strict and standard, whatever overrides are stored', () => {
    expect(effectiveSessionPolicy('strict', 999, 999)).toEqual({
      idleMinutes: 30,
      absoluteMinutes: 720,
    });
    expect(effectiveSessionPolicy('standard', null, null)).toEqual({
      idleMinutes: 10_080,
      absoluteMinutes: 43_200,
    });
  });

  it('fills a custom override left null with the Strict value', () => {
    expect(effectiveSessionPolicy('custom', 60, null)).toEqual({
      idleMinutes: 60,
      absoluteMinutes: 720,
    });
    expect(effectiveSessionPolicy('custom', null, 2_000)).toEqual({
      idleMinutes: 30,
      absoluteMinutes: 2_000,
    });
  });
});

describe('step-up windows', () => {
  it('keeps downloads and shares for 30 minutes and everything else for 10', () => {
    expect(STEP_UP_TTL_MS).toBe(10 * 60_000);
    expect(STEP_UP_LONG_TTL_MS).toBe(30 * 60_000);
    expect(stepUpTtlMs('DOWNLOAD')).toBe(STEP_UP_LONG_TTL_MS);
    expect(stepUpTtlMs('SHARE')).toBe(STEP_UP_LONG_TTL_MS);
    expect(stepUpTtlMs('REVOKE_SESSION')).toBe(STEP_UP_TTL_MS);
  });
});
