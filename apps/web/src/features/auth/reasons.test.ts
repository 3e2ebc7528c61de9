import { UNAUTHENTICATED_REASONS } from '@gatehouse/shared';
import { describe, expect, it } from 'vitest';
import { reasonMessage } from './reasons';

describe('reasonMessage', () => {
  it('has words for every reason a 401 may give', () => {
    for (const reason of UNAUTHENTICATED_REASONS) expect(reasonMessage(reason)).toMatch(/\.$/);
  });

  it('says an administrator signed you out after a force logout', () => {
    expect(reasonMessage('forced_logout')).toMatch(/^An administrator signed you out/);
  });

  it('says the password was changed elsewhere when that signed this session out', () => {
    expect(reasonMessage('password_changed')).toMatch(
      /^Your password was changed in another session/,
    );
  });

  it('says the browser could not prove it is the device when a copied cookie was refused', () => {
    expect(reasonMessage('device_proof_required')).toMatch(
      /^This browser could not prove it is the device this session was started on/,
    );
  });

  it('says the network is not allowed after a 403 IP_BLOCKED', () => {
    expect(reasonMessage('ip_blocked')).toMatch(/does not allow access from this network/);
  });

  it('asks for the new password after a reset', () => {
    expect(reasonMessage('password_reset')).toMatch(/Sign in with your new password\.$/);
  });

  it('shows nothing for no reason or one it does not know', () => {
    expect(reasonMessage(null)).toBeNull();
    expect(reasonMessage('toString')).toBeNull();
    expect(reasonMessage('<script>')).toBeNull();
  });
  it('names the device whose sign-in took the session’s place, and only a plausible one', () => {
    expect(reasonMessage('session_limit', 'Safari on iPhone')).toMatch(
      /^You were signed out because you signed in on Safari on iPhone\./,
    );
    expect(reasonMessage('session_limit', null)).toMatch(/signed in on another device/);
    const lure = 'your bank. Call +1 555 0100 now to keep your account';
    expect(reasonMessage('session_limit', lure)).not.toContain('555');
    expect(reasonMessage('session_limit', '<b>x</b>')).toMatch(/another device/);
    expect(reasonMessage('forced_logout', 'Safari on iPhone')).not.toContain('Safari');
  });
});
