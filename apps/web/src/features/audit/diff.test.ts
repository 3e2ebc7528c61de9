import { describe, expect, it } from 'vitest';
import { changesOf } from './diff';

describe('changesOf', () => {
  it('lists only the keys whose value changed, old → new, nested keys dotted', () => {
    const before = {
      preset: 'standard',
      requireMfaForDownloads: true,
      idleMinutes: null,
      effective: { idleMinutes: 10080, absoluteMinutes: 43200 },
    };
    const after = {
      preset: 'custom',
      requireMfaForDownloads: true,
      idleMinutes: 60,
      effective: { idleMinutes: 60, absoluteMinutes: 43200 },
    };
    expect(changesOf(before, after)).toEqual([
      { key: 'preset', before: 'standard', after: 'custom' },
      { key: 'idleMinutes', before: null, after: '60' },
      { key: 'effective.idleMinutes', before: '10080', after: '60' },
    ]);
  });

  it('shows one side for something created or deleted, and nothing without a change', () => {
    expect(changesOf(null, { cidr: '203.0.113.0/24', action: 'deny' })).toEqual([
      { key: 'cidr', before: null, after: '203.0.113.0/24' },
      { key: 'action', before: null, after: 'deny' },
    ]);
    expect(changesOf({ role: 'member' }, null)).toEqual([
      { key: 'role', before: 'member', after: null },
    ]);
    expect(changesOf(null, null)).toEqual([]);
    expect(changesOf({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
  });
});
