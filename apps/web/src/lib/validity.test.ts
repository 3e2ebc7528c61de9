import { describe, expect, it } from 'vitest';
import { validityMessage } from './validity';

const validity = (flags: Partial<ValidityState>) => flags as ValidityState;
const field = (flags: Partial<ValidityState>, extra: object = {}) => ({
  validity: validity(flags),
  validationMessage: '',
  minLength: -1,
  type: 'text',
  ...extra,
});

describe('validityMessage', () => {
  it('says what to enter, in our words', () => {
    expect(validityMessage(field({ valueMissing: true }), 'Email')).toBe('Enter email');
    expect(validityMessage(field({ valueMissing: true }), 'Address or range (CIDR)')).toBe(
      'Enter address or range (CIDR)',
    );
    expect(validityMessage(field({ typeMismatch: true }, { type: 'email' }), 'Email')).toBe(
      'Enter an email address, like name@example.com',
    );
    expect(validityMessage(field({ tooShort: true }, { minLength: 12 }), 'Password')).toBe(
      'Use at least 12 characters',
    );
  });

  it('keeps our own refusal (a too-guessable password) as it was set', () => {
    const guessable = field(
      { customError: true },
      { validationMessage: 'This is a top-10 password' },
    );
    expect(validityMessage(guessable, 'Password')).toBe('This is a top-10 password');
  });
});
