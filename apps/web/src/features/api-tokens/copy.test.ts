import { describe, expect, it } from 'vitest';
import { expiryOf } from './copy';

describe('expiryOf', () => {
  it('reads the expiry select: days, or null for never; anything else is the default', () => {
    expect(expiryOf('30')).toBe(30);
    expect(expiryOf('365')).toBe(365);
    expect(expiryOf('never')).toBeNull();
    expect(expiryOf('7')).toBe(90);
  });
});
