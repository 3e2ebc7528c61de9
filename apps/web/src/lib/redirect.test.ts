import { describe, expect, it } from 'vitest';
import { safeNextPath } from './redirect';

const ORIGIN = 'https://gatehouse.test';

describe('safeNextPath', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeNextPath('/settings/security', ORIGIN)).toBe('/settings/security');
    expect(safeNextPath('/admin/users?page=2#top', ORIGIN)).toBe('/admin/users?page=2#top');
  });

  it('sends anything off-site, or not a path, to the home page', () => {
    for (const next of [
      '//evil.test',
      '//evil.test/settings',
      '/\\evil.test',
      '/\\/evil.test',
      'https://evil.test',
      'https://gatehouse.test.evil.test/',
      'javascript:alert(1)',
      'settings/security',
      '',
      null,
    ])
      expect(safeNextPath(next, ORIGIN), String(next)).toBe('/');
  });

  it('does not take a full URL even on this origin: next is a path', () => {
    expect(safeNextPath(`${ORIGIN}/settings/security`, ORIGIN)).toBe('/');
  });
});
