import { describe, expect, it } from 'vitest';
import { entryTitle, outcomeInWords, targetOf } from './entry-copy';

describe('an audit entry in words', () => {
  it('reads a failed action as a refusal, with the reason in words', () => {
    const refused = {
      action: 'PASSWORD_CHANGED',
      outcome: 'FAIL',
      failureReason: 'INVALID_PASSWORD',
    } as const;
    expect(entryTitle(refused)).toBe('Password change refused');
    expect(outcomeInWords(refused)).toBe('Refused: Wrong password');
    expect(outcomeInWords({ outcome: 'FAIL', failureReason: 'INVALID_CREDENTIALS' })).toBe(
      'Refused: Wrong email or password',
    );
    expect(entryTitle({ action: 'PASSWORD_CHANGED', outcome: 'SUCCESS' })).toBe('Password changed');
  });

  it('names the target and keeps its id to copy', () => {
    const id = '0193c6e2-0000-7000-8000-000000000001';
    expect(targetOf({ target: { type: 'user', id, label: 'Maya Member (maya@x.test)' } })).toEqual({
      words: 'User Maya Member (maya@x.test)',
      id,
    });
    expect(targetOf({ target: { type: 'session', id, label: null } })).toEqual({
      words: 'Session',
      id,
    });
    expect(targetOf({ target: { type: 'org', id, label: null } })).toEqual({
      words: 'Organisation',
      id: null,
    });
  });
});
