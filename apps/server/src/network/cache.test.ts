import { describe, expect, it } from 'vitest';
import { NetworkPolicies } from './cache.js';
import { compilePolicy, EMPTY_POLICY } from './matcher.js';

const ORG = '00000000-0000-4000-8000-000000000001';
const deny = compilePolicy([{ action: 'deny', cidr: '203.0.113.0/24' }]);

describe('NetworkPolicies', () => {
  it('reads an org once for concurrent callers, then answers from memory', async () => {
    const cache = new NetworkPolicies();
    let reads = 0;
    const read = async () => {
      reads += 1;
      return deny;
    };
    const [a, b] = await Promise.all([cache.policyOf(ORG, 0, read), cache.policyOf(ORG, 0, read)]);
    expect(a).toBe(deny);
    expect(b).toBe(deny);
    expect(cache.policyOf(ORG, 1_000, read)).toBe(deny);
    expect(reads).toBe(1);
  });

  it('drops an org on its NOTIFY, and does not cache a read that raced one', async () => {
    const cache = new NetworkPolicies();
    await cache.policyOf(ORG, 0, async () => deny);
    cache.invalidate(`ip:${ORG}`);
    let release: () => void = () => {};
    const slow = cache.policyOf(
      ORG,
      0,
      () => new Promise((resolve) => (release = () => resolve(deny))),
    );
    cache.invalidate(`ip:${ORG}`);
    release();
    await slow;
    expect(cache.policyOf(ORG, 0, async () => EMPTY_POLICY)).toBeInstanceOf(Promise);
    await cache.whenHeard([`ip:${ORG}`]);
  });

  it('re-reads after the TTL, and reads every time while the listener is down', async () => {
    const cache = new NetworkPolicies();
    await cache.policyOf(ORG, 0, async () => deny);
    expect(cache.policyOf(ORG, 61_000, async () => EMPTY_POLICY)).toBeInstanceOf(Promise);
    cache.connectionLost();
    await cache.policyOf(ORG, 0, async () => deny);
    expect(cache.policyOf(ORG, 0, async () => deny)).toBeInstanceOf(Promise);
    expect(cache.size).toBe(0);
    cache.connectionRestored();
    await cache.policyOf(ORG, 0, async () => deny);
    expect(cache.policyOf(ORG, 0, async () => deny)).toBe(deny);
  });
});
