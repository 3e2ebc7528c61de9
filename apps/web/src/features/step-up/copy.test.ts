import { STEP_UP_PURPOSES } from '@gatehouse/shared';
import { describe, expect, it } from 'vitest';
import { stepUpDescription } from './copy';

describe('stepUpDescription', () => {
  it('says why adding a factor asks for the password first', () => {
    expect(stepUpDescription('MFA_CHANGE', 'password')).toBe(
      'Adding an authenticator changes how you sign in, so first confirm it’s you, not someone using this browser. Enter your password to continue.',
    );
  });

  it('asks for the passkey when there is one', () => {
    expect(stepUpDescription('REVOKE_SESSION', 'passkey')).toBe(
      'Signing a device out of your account needs a fresh check that it’s you. Confirm with your passkey.',
    );
  });

  it('has a reason for every purpose the server may ask about', () => {
    for (const purpose of STEP_UP_PURPOSES)
      expect(stepUpDescription(purpose, 'totp')).toMatch(/\. Enter the 6-digit code/);
  });

  it('names the action the server says this confirms', () => {
    expect(
      stepUpDescription('REVOKE_SESSION', 'password', 'Sign out Maya Member on Chrome on macOS'),
    ).toBe(
      'Sign out Maya Member on Chrome on macOS. This needs a fresh check that it’s you. Enter your password to continue.',
    );
  });
});
