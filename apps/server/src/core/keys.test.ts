import { describe, expect, it } from 'vitest';
import { deriveKeys } from './keys.js';

const OLD = 'o'.repeat(40);
const NEW = 'n'.repeat(40);

describe('keys', () => {
  it('verify what the previous secret signed while it is configured, and only then', () => {
    const signedBefore = deriveKeys(OLD).downloadUrl.sign('doc.123');
    expect(deriveKeys(NEW, OLD).downloadUrl.verify('doc.123', signedBefore)).toBe(true);
    expect(deriveKeys(NEW).downloadUrl.verify('doc.123', signedBefore)).toBe(false);
    expect(deriveKeys(NEW, OLD).downloadUrl.verify('doc.124', signedBefore)).toBe(false);
  });

  it('keep purposes apart: a CSRF token is not a download signature', () => {
    const keys = deriveKeys(NEW);
    expect(keys.downloadUrl.verify('x', keys.csrf.sign('x'))).toBe(false);
  });

  it('open what the previous secret sealed, saying it is stale, and never another user’s', () => {
    const sealed = deriveKeys(OLD).totpSecrets.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(deriveKeys(NEW, OLD).totpSecrets.open(sealed, 'user-1')).toEqual({
      plain: 'JBSWY3DPEHPK3PXP',
      stale: true,
    });
    expect(() => deriveKeys(NEW, OLD).totpSecrets.open(sealed, 'user-2')).toThrow();
    expect(() => deriveKeys(NEW).totpSecrets.open(sealed, 'user-1')).toThrow();
  });
});
