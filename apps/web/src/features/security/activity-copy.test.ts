import { AUDIT_ACTIONS, type AuditAction, SECURITY_ACTIVITY_ACTIONS } from '@gatehouse/shared';
import { describe, expect, it } from 'vitest';
import {
  activityAttempts,
  activityReason,
  activityTitle,
  activityWhere,
  alertBadge,
  refusalReason,
  supportSessionLine,
} from './activity-copy';

describe('activityTitle', () => {
  it('says what happened in plain words', () => {
    expect(activityTitle({ action: 'LOGIN_SUCCESS', outcome: 'SUCCESS' })).toBe('Signed in');
    expect(activityTitle({ action: 'PASSWORD_CHANGED', outcome: 'SUCCESS' })).toBe(
      'Password changed',
    );
    expect(activityTitle({ action: 'MFA_ENROLLED', outcome: 'SUCCESS' })).toBe(
      'Two-factor authentication turned on',
    );
    expect(activityTitle({ action: 'SESSION_REVOKE_ALL', outcome: 'SUCCESS' })).toBe(
      'Other devices signed out',
    );
  });

  it('says what a security alert was about', () => {
    expect(
      activityTitle({ action: 'ALERT_RAISED', outcome: 'SUCCESS', alertType: 'new_device' }),
    ).toBe('Security alert: Sign-in from a new device');
    expect(
      activityTitle({ action: 'ALERT_RAISED', outcome: 'SUCCESS', alertType: 'impossible_travel' }),
    ).toBe('Security alert: Impossible travel between sign-ins');
  });

  it('keeps an event’s own title when it raised an alert, which is its badge', () => {
    const item = { action: 'LOGIN_SUCCESS', outcome: 'SUCCESS', alertType: 'new_device' } as const;
    expect(activityTitle(item)).toBe('Signed in');
    expect(alertBadge(item)).toBe('Security alert: Sign-in from a new device');
    expect(alertBadge({ action: 'ALERT_RAISED', alertType: 'role_changed' })).toBeNull();
    expect(alertBadge({ action: 'LOGIN_SUCCESS', alertType: null })).toBeNull();
  });

  it('says who did something to the account when it was someone else', () => {
    const actor = {
      id: '00000000-0000-4000-8000-000000000002',
      name: 'Ada Admin',
      kind: 'user' as const,
    };
    expect(activityTitle({ action: 'MFA_DISABLED', outcome: 'SUCCESS', actor })).toBe(
      'Two-factor authentication turned off by Ada Admin',
    );
  });

  it('names a refused attempt as a failure, not as the thing it tried to do', () => {
    expect(activityTitle({ action: 'LOGIN_FAILURE', outcome: 'FAIL' })).toBe('Sign-in refused');
    expect(activityTitle({ action: 'PASSWORD_CHANGED', outcome: 'FAIL' })).toBe(
      'Password change refused',
    );
    expect(activityTitle({ action: 'STEP_UP_VERIFIED', outcome: 'FAIL' })).toBe(
      'Verification refused',
    );
  });

  it('says what a verification was for', () => {
    expect(
      activityTitle({ action: 'STEP_UP_VERIFIED', outcome: 'SUCCESS', purpose: 'REVOKE_SESSION' }),
    ).toBe('Verified it’s you to sign out a device');
    expect(
      activityTitle({ action: 'STEP_UP_VERIFIED', outcome: 'FAIL', purpose: 'MFA_DISABLE' }),
    ).toBe('Verification to turn off two-factor authentication refused');
  });

  it('names the administrator behind a support session or a forced sign-out', () => {
    const actor = {
      id: '00000000-0000-4000-8000-000000000001',
      name: 'Ada Admin',
      kind: 'user' as const,
    };
    expect(activityTitle({ action: 'IMPERSONATION_STARTED', outcome: 'SUCCESS', actor })).toBe(
      'Support session started by Ada Admin',
    );
    expect(activityTitle({ action: 'IMPERSONATION_ENDED', outcome: 'SUCCESS', actor })).toBe(
      'Support session by Ada Admin ended',
    );
    expect(activityTitle({ action: 'FORCE_LOGOUT', outcome: 'SUCCESS', actor })).toBe(
      'Signed out everywhere by Ada Admin',
    );
  });

  it('says which administrator or API token signed a device out', () => {
    const id = '00000000-0000-4000-8000-000000000002';
    expect(
      activityTitle({
        action: 'SESSION_REVOKED',
        outcome: 'SUCCESS',
        actor: { id, name: 'Ada Admin', kind: 'user' },
      }),
    ).toBe('A device was signed out by Ada Admin');
    expect(
      activityTitle({
        action: 'SESSION_REVOKED',
        outcome: 'SUCCESS',
        actor: { id, name: 'nightly-sync', kind: 'api_token' },
      }),
    ).toBe('A device was signed out by the API token “nightly-sync”');
    expect(activityTitle({ action: 'SESSION_REVOKED', outcome: 'SUCCESS', actor: null })).toBe(
      'A device was signed out',
    );
  });

  it('still says what happened when the administrator is not known', () => {
    expect(
      activityTitle({ action: 'IMPERSONATION_STARTED', outcome: 'SUCCESS', actor: null }),
    ).toBe('Support session started');
    expect(activityTitle({ action: 'FORCE_LOGOUT', outcome: 'SUCCESS', actor: null })).toBe(
      'Signed out everywhere by an administrator',
    );
  });

  it('has words for every action the server may list, in either outcome', () => {
    for (const action of SECURITY_ACTIVITY_ACTIONS) {
      for (const outcome of ['SUCCESS', 'FAIL'] as const) {
        expect(activityTitle({ action, outcome })).toMatch(/^[A-Z][^_]+$/);
      }
    }
  });
});

describe('every entry a support session caused', () => {
  it('names the administrator, whatever the action and however it went', () => {
    const admin = { id: '00000000-0000-4000-8000-000000000001', name: 'Ada Admin' };
    const supportSession = { by: admin, reason: 'Ticket 4821' };
    for (const action of Object.keys(AUDIT_ACTIONS) as AuditAction[]) {
      for (const outcome of ['SUCCESS', 'FAIL'] as const) {
        for (const actor of [{ ...admin, kind: 'user' as const }, null]) {
          const item = { action, outcome, actor, supportSession };
          const said = `${activityTitle(item)} ${supportSessionLine(item) ?? ''}`;
          expect(said, `${action} ${outcome}`).toContain('Ada Admin');
        }
      }
    }
  });
});

describe('supportSessionLine', () => {
  const supportSession = {
    by: { id: '00000000-0000-4000-8000-000000000001', name: 'Ada Admin' },
    reason: null,
  };

  it('names the support session on whatever it did, refused attempts included', () => {
    expect(
      supportSessionLine({ action: 'PASSWORD_CHANGED', outcome: 'FAIL', supportSession }),
    ).toBe('Support session by Ada Admin');
    expect(
      supportSessionLine({
        action: 'IMPERSONATION_PAGE_VIEWS',
        outcome: 'SUCCESS',
        supportSession,
      }),
    ).toBe('Support session by Ada Admin');
    expect(
      supportSessionLine({ action: 'SHARE_CREATED', outcome: 'SUCCESS', supportSession }),
    ).toBe('Support session by Ada Admin');
  });

  it('is not repeated where the title already names the administrator, nor shown for the user’s own', () => {
    const actor = { ...supportSession.by, kind: 'user' as const };
    expect(
      supportSessionLine({
        action: 'IMPERSONATION_STARTED',
        outcome: 'SUCCESS',
        supportSession,
        actor,
      }),
    ).toBeNull();
    expect(
      supportSessionLine({ action: 'PASSWORD_CHANGED', outcome: 'FAIL', supportSession: null }),
    ).toBeNull();
  });
});

describe('titles of what a support session did', () => {
  it('count the pages it viewed', () => {
    const at = '2026-12-01T10:00:00.000Z';
    expect(
      activityTitle({
        action: 'IMPERSONATION_PAGE_VIEWS',
        outcome: 'SUCCESS',
        pageViews: { count: 12, firstAt: at, lastAt: at },
      }),
    ).toBe('12 pages of your account viewed in a support session');
  });

  it('use the audit log’s words for actions outside the security list', () => {
    expect(activityTitle({ action: 'SHARE_CREATED', outcome: 'SUCCESS' })).toBe(
      'Share link created',
    );
    expect(activityTitle({ action: 'DOCUMENT_UPLOADED', outcome: 'FAIL' })).toBe('Upload refused');
  });

  it('say a read-only support session was refused, in words', () => {
    expect(refusalReason({ outcome: 'FAIL', failureReason: 'IMPERSONATION_READ_ONLY' })).toBe(
      'Read-only support session',
    );
  });
});

describe('refusalReason', () => {
  it('is null for an event that went through', () => {
    expect(refusalReason({ outcome: 'SUCCESS', failureReason: null })).toBeNull();
  });

  it('says why in words for a known code, and just "Refused" otherwise', () => {
    expect(refusalReason({ outcome: 'FAIL', failureReason: 'INVALID_PASSWORD' })).toBe(
      'Wrong password',
    );
    expect(refusalReason({ outcome: 'FAIL', failureReason: 'INVALID_OTP' })).toBe(
      'Wrong authentication code',
    );
    expect(refusalReason({ outcome: 'FAIL', failureReason: 'SOMETHING_NEW' })).toBe('Refused');
    expect(refusalReason({ outcome: 'FAIL', failureReason: 'toString' })).toBe('Refused');
    expect(refusalReason({ outcome: 'FAIL', failureReason: null })).toBe('Refused');
  });
});

describe('activityReason', () => {
  it('quotes the reason an administrator gave, and nothing when there is none', () => {
    expect(activityReason({ reason: 'Ticket #4821: cannot see the Q3 report' })).toBe(
      'Reason: Ticket #4821: cannot see the Q3 report',
    );
    expect(activityReason({ reason: null })).toBeNull();
    expect(activityReason({ reason: '   ' })).toBeNull();
  });
});

describe('activityWhere', () => {
  it('joins the place and the address, leaving out what is not known', () => {
    expect(activityWhere({ city: 'Lisbon', country: 'Portugal', ip: '203.0.113.7' })).toBe(
      'Lisbon, Portugal · 203.0.113.7',
    );
    expect(activityWhere({ city: null, country: 'Portugal', ip: null })).toBe('Portugal');
    expect(activityWhere({ city: null, country: null, ip: '203.0.113.7' })).toBe('203.0.113.7');
    expect(activityWhere({ city: null, country: null, ip: null })).toBeNull();
  });

  it('starts with the device when it is known', () => {
    expect(
      activityWhere({ device: 'Firefox on Windows', city: null, country: 'PT', ip: '203.0.113.7' }),
    ).toBe('Firefox on Windows · Portugal · 203.0.113.7');
  });
});

describe('activityAttempts', () => {
  it('counts the requests a refusal row stands for, when more than one', () => {
    expect(activityAttempts({ attempts: 200 })).toBe('200 attempts');
    expect(activityAttempts({ attempts: 1 })).toBeNull();
    expect(activityAttempts({ attempts: null })).toBeNull();
  });
});
