import { describe, expect, it } from 'vitest';
import { addressValue, compilePolicy, parseCidr } from './matcher.js';

describe('parseCidr', () => {
  it('canonicalises IPv4, IPv6 and mapped ranges, and clears host bits', () => {
    expect(parseCidr('203.0.113.7')?.cidr).toBe('203.0.113.7/32');
    expect(parseCidr('10.1.2.3/8')?.cidr).toBe('10.0.0.0/8');
    expect(parseCidr(' 2001:DB8:0:0::1 ')?.cidr).toBe('2001:db8::1/128');
    expect(parseCidr('2001:db8:abcd::/32')?.cidr).toBe('2001:db8::/32');
    expect(parseCidr('::ffff:192.0.2.1')?.cidr).toBe('192.0.2.1/32');
    expect(parseCidr('::ffff:192.0.2.0/120')?.cidr).toBe('192.0.2.0/24');
    expect(parseCidr('0.0.0.0/0')?.cidr).toBe('0.0.0.0/0');
    expect(parseCidr('::/0')?.cidr).toBe('::/0');
  });

  it('refuses what is not an address or a range', () => {
    for (const bad of [
      '',
      'example.com',
      '10.0.0.0/33',
      '2001:db8::/129',
      '127.1',
      '0x7f.0.0.1',
      '10.0.0.1/-1',
      '10.0.0.1/',
      'fe80::1%eth0',
      '1.2.3.4/8/8',
      '1.2.3.4 /8',
    ])
      expect(parseCidr(bad), bad).toBeNull();
  });
});

describe('NetworkPolicy', () => {
  it('passes everything with no rules', () => {
    const policy = compilePolicy([]);
    expect(policy.empty).toBe(true);
    expect(policy.allows('203.0.113.1')).toBe(true);
    expect(policy.allows(null)).toBe(true);
  });

  it('matches IPv4, IPv6 and IPv4-mapped IPv6 addresses', () => {
    const policy = compilePolicy([
      { action: 'deny', cidr: '203.0.113.0/24' },
      { action: 'deny', cidr: '2001:db8::/32' },
    ]);
    expect(policy.allows('203.0.113.9')).toBe(false);
    expect(policy.allows('::ffff:203.0.113.9')).toBe(false);
    expect(policy.allows('203.0.114.9')).toBe(true);
    expect(policy.allows('2001:db8:1::5')).toBe(false);
    expect(policy.allows('2001:db9::5')).toBe(true);
    // A deny-only set lets any other address through, v4 or v6.
    expect(policy.allows('::1')).toBe(true);
  });

  it('lets deny win over allow, and lets only matches through once an allow exists', () => {
    const policy = compilePolicy([
      { action: 'allow', cidr: '10.0.0.0/8' },
      { action: 'deny', cidr: '10.6.0.0/16' },
      { action: 'allow', cidr: '10.6.6.6' },
    ]);
    expect(policy.allows('10.1.2.3')).toBe(true);
    expect(policy.allows('10.6.6.6')).toBe(false);
    expect(policy.allows('10.6.0.1')).toBe(false);
    expect(policy.allows('11.0.0.1')).toBe(false);
    expect(policy.allows('2001:db8::1')).toBe(false);
    expect(policy.allows(null)).toBe(false);
    expect(policy.allows('not an address')).toBe(false);
  });

  it('merges overlapping and adjacent ranges; answers the same from its memo', () => {
    const policy = compilePolicy([
      { action: 'deny', cidr: '192.0.2.0/25' },
      { action: 'deny', cidr: '192.0.2.128/25' },
      { action: 'deny', cidr: '192.0.2.64/26' },
    ]);
    for (let i = 0; i < 2; i += 1) {
      expect(policy.allows('192.0.2.0')).toBe(false);
      expect(policy.allows('192.0.2.255')).toBe(false);
      expect(policy.allows('192.0.3.0')).toBe(true);
      expect(policy.allows('192.0.1.255')).toBe(true);
    }
  });

  it('handles a thousand rules', () => {
    const rules = Array.from({ length: 1000 }, (_, i) => ({
      action: 'deny' as const,
      cidr: `100.${64 + (i >> 8)}.${i & 255}.0/24`,
    }));
    const policy = compilePolicy(rules);
    expect(policy.allows('100.64.5.1')).toBe(false);
    expect(policy.allows('100.67.231.1')).toBe(false);
    expect(policy.allows('100.67.232.1')).toBe(true);
  });

  it('maps an IPv4 address into the IPv4-mapped IPv6 space', () => {
    expect(addressValue('1.2.3.4')).toBe(addressValue('::ffff:1.2.3.4'));
    expect(addressValue('nope')).toBeNull();
  });
});
