import { describe, expect, it } from 'vitest';
import { FIRST_PAGE, pagePath } from './paging';

describe('pagePath', () => {
  it('asks for the first page without a cursor, and a later one with it', () => {
    expect(pagePath('/api/documents', FIRST_PAGE)).toBe('/api/documents');
    expect(pagePath('/api/documents', 'abc_12-3')).toBe('/api/documents?cursor=abc_12-3');
  });

  it('adds a page size when the list asks for one', () => {
    expect(pagePath('/api/security/activity', FIRST_PAGE, 20)).toBe(
      '/api/security/activity?limit=20',
    );
    expect(pagePath('/api/security/activity', 'c1', 20)).toBe(
      '/api/security/activity?cursor=c1&limit=20',
    );
  });
});
