import { describe, expect, it } from 'vitest';
import { passwordStrength } from './password-strength.js';

describe('passwordStrength', () => {
  it('refuses long but guessable passwords with a reason', () => {
    for (const weak of ['aaaaaaaaaaaa', 'password1234', 'qwertyuiop123']) {
      const result = passwordStrength(weak);
      expect(result.acceptable, weak).toBe(false);
      expect(result.reason).toBeTruthy();
    }
  });

  it('accepts passphrases', () => {
    expect(passwordStrength('pink-elephant-42-sofa').acceptable).toBe(true);
  });

  it('explains the minimum length first', () => {
    expect(passwordStrength('short').reason).toMatch(/12 characters/);
  });
});
