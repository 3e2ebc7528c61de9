import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type AuditAction } from './audit-events.js';
import { AUDIT_ACTION_LABELS, auditActionLabel, failureReasonLabel } from './audit-labels.js';
import { ERROR_CODES } from './errors.js';

describe('audit labels', () => {
  it('word every action, as it happened and as it was refused', () => {
    for (const action of Object.keys(AUDIT_ACTIONS) as AuditAction[]) {
      expect(AUDIT_ACTION_LABELS[action], action).toMatch(/^["A-Z]/);
      expect(auditActionLabel(action, 'FAIL'), action).not.toMatch(/_|Failed/);
    }
  });

  it('reads a failed action as a refusal', () => {
    expect(auditActionLabel('PASSWORD_CHANGED', 'FAIL')).toBe('Password change refused');
    expect(auditActionLabel('PASSWORD_CHANGED')).toBe('Password changed');
    expect(auditActionLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });

  it('word every error code a refusal may record', () => {
    for (const code of ERROR_CODES) expect(failureReasonLabel(code), code).not.toMatch(/_/);
    expect(failureReasonLabel('INVALID_CREDENTIALS')).toBe('Wrong email or password');
    expect(failureReasonLabel('share_expired')).toBe('Link expired');
  });
});
