import { describe, expect, it } from 'vitest';
import { orgSessionsPath } from './org-sessions';

describe('orgSessionsPath', () => {
  it('asks for everything without a filter or a cursor', () => {
    expect(orgSessionsPath({}, null)).toBe('/api/admin/sessions');
  });

  it('sends only the filter fields that are set, then the cursor', () => {
    expect(orgSessionsPath({ country: 'GB', deviceType: 'mobile', notSeenDays: 7 }, 'c_1-2')).toBe(
      '/api/admin/sessions?country=GB&deviceType=mobile&notSeenDays=7&cursor=c_1-2',
    );
    expect(orgSessionsPath({ userId: undefined, country: 'PT' }, null)).toBe(
      '/api/admin/sessions?country=PT',
    );
  });
});
