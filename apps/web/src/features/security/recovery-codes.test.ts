import { describe, expect, it } from 'vitest';
import { recoveryCodesText } from './recovery-codes';

describe('recoveryCodesText', () => {
  it('lists every code on its own line under a heading naming the account', () => {
    const text = recoveryCodesText(['AAAAA-11111', 'BBBBB-22222'], 'ann@example.test');
    expect(text.split('\n')).toEqual([
      'Gatehouse recovery codes for ann@example.test',
      'Each code works once, in place of a code from your authenticator app.',
      '',
      'AAAAA-11111',
      'BBBBB-22222',
      '',
    ]);
  });
});
