import { describe, expect, it } from 'vitest';
import {
  apiSearchFromFilter,
  dateRangeError,
  EMPTY_FILTER,
  exportCsvUrl,
  filterFromSearch,
  isFiltered,
  searchFromFilter,
} from './filter';

const USER = '00000000-0000-4000-8000-000000000001';

describe('the audit filter in the address', () => {
  it('round-trips every field, several actions as the parameter repeated', () => {
    const filter = {
      actions: ['LOGIN_FAILURE' as const, 'LOGIN_SUCCESS' as const],
      outcome: 'FAIL' as const,
      actorUserId: USER,
      targetId: 'abc',
      impersonationOnly: true,
      from: '2026-12-01',
      to: '2026-12-02',
    };
    const search = searchFromFilter(filter);
    expect(search.toString()).toBe(
      `action=LOGIN_FAILURE&action=LOGIN_SUCCESS&outcome=FAIL&actorUserId=${USER}&targetId=abc&impersonation=true&from=2026-12-01&to=2026-12-02`,
    );
    expect(filterFromSearch(search)).toEqual(filter);
    expect(isFiltered(filter)).toBe(true);
    expect(isFiltered(EMPTY_FILTER)).toBe(false);
  });

  it('drops what does not parse', () => {
    const search = new URLSearchParams('action=NOPE&action=LOGOUT&outcome=MAYBE&from=yesterday');
    expect(filterFromSearch(search)).toEqual({ ...EMPTY_FILTER, actions: ['LOGOUT'] });
  });

  it('asks the API for local midnights, "To" through the end of its day', () => {
    const api = apiSearchFromFilter({ ...EMPTY_FILTER, from: '2026-12-01', to: '2026-12-01' });
    expect(api.get('from')).toBe(new Date(2026, 11, 1).toISOString());
    expect(api.get('to')).toBe(new Date(2026, 11, 2).toISOString());
    expect(dateRangeError({ ...EMPTY_FILTER, from: '2026-12-02', to: '2026-12-01' })).toBeTruthy();
    expect(dateRangeError({ ...EMPTY_FILTER, from: '2026-12-01', to: '2026-12-01' })).toBe(
      undefined,
    );
  });

  it('exports with the same filter the page shows', () => {
    expect(exportCsvUrl(EMPTY_FILTER)).toBe('/api/audit/export?format=csv');
    expect(exportCsvUrl({ ...EMPTY_FILTER, actions: ['LOGIN_FAILURE'], outcome: 'FAIL' })).toBe(
      '/api/audit/export?format=csv&action=LOGIN_FAILURE&outcome=FAIL',
    );
  });
});
