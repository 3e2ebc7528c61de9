import { describe, expect, it } from 'vitest';
import { minutesHint, type PolicyForm, validatePolicy } from './policy-form';

const form = (overrides: Partial<PolicyForm>): PolicyForm => ({
  preset: 'custom',
  idleMinutes: '60',
  absoluteMinutes: '600',
  maxSessionsPerUser: '5',
  impersonationMode: 'read_only',
  ...overrides,
});

describe('validatePolicy', () => {
  it('sends the overrides only for Custom; empty fields clear them', () => {
    expect(validatePolicy(form({ preset: 'strict' })).patch).toEqual({
      preset: 'strict',
      maxSessionsPerUser: 5,
      impersonationMode: 'read_only',
    });
    expect(validatePolicy(form({ idleMinutes: '', absoluteMinutes: '' })).patch).toEqual({
      preset: 'custom',
      idleMinutes: null,
      absoluteMinutes: null,
      maxSessionsPerUser: 5,
      impersonationMode: 'read_only',
    });
  });

  it('saves "Allow full impersonation" with the rest of the policy', () => {
    expect(validatePolicy(form({ impersonationMode: 'full' })).patch).toMatchObject({
      impersonationMode: 'full',
    });
  });

  it('flags each field out of bounds, by name', () => {
    expect(validatePolicy(form({ idleMinutes: '4' })).errors.idleMinutes).toMatch(/5 to 43,200/);
    expect(validatePolicy(form({ absoluteMinutes: '129601' })).errors.absoluteMinutes).toMatch(
      /60 to 129,600/,
    );
    expect(
      validatePolicy(form({ maxSessionsPerUser: '0' })).errors.maxSessionsPerUser,
    ).toBeDefined();
    expect(validatePolicy(form({ idleMinutes: 'abc' })).errors.idleMinutes).toBeDefined();
  });

  it('refuses idle longer than the effective absolute lifetime', () => {
    expect(
      validatePolicy(form({ idleMinutes: '900', absoluteMinutes: '600' })).errors.idleMinutes,
    ).toMatch(/cannot be longer/);
    expect(
      validatePolicy(form({ idleMinutes: '43200', absoluteMinutes: '' })).errors.idleMinutes,
    ).toMatch(/Strict/);
  });
});

describe('minutesHint', () => {
  const bounds = { min: 5, max: 43_200 };
  it('says a typed length in words beside the allowed range', () => {
    expect(minutesHint('10080', bounds)).toBe('= 7 days · allowed 5–43,200 minutes');
    expect(minutesHint('90', bounds)).toBe('= 1 hour 30 minutes · allowed 5–43,200 minutes');
  });
  it('gives only the range for short, empty or unreadable values', () => {
    expect(minutesHint('30', bounds)).toBe('Allowed 5–43,200 minutes');
    expect(minutesHint('', bounds)).toBe('Allowed 5–43,200 minutes');
    expect(minutesHint('abc', bounds)).toBe('Allowed 5–43,200 minutes');
  });
});
