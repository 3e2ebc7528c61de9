import { describe, expect, it } from 'vitest';
import {
  countChangedMessage,
  draftFromFilter,
  filterFromDraft,
  filterFromSearch,
  filterInWords,
  searchFromFilter,
  signOutScopeInWords,
  signOutTitle,
} from './filter';

const USER = '00000000-0000-4000-8000-000000000001';
const empty = { userId: '', deviceType: '', country: '', notSeenDays: '' };

describe('filterFromDraft', () => {
  it('applies only the fields that are filled in, as the API wants them', () => {
    expect(filterFromDraft(empty)).toEqual({ filter: {}, errors: {} });
    expect(
      filterFromDraft({ userId: USER, deviceType: 'mobile', country: ' gb ', notSeenDays: '7' }),
    ).toEqual({
      filter: { userId: USER, deviceType: 'mobile', country: 'GB', notSeenDays: 7 },
      errors: {},
    });
  });

  it('flags a country that is not a two-letter code, and days out of range, by field', () => {
    expect(filterFromDraft({ ...empty, country: 'GBR' }).errors.country).toBe(
      'Give a two-letter country code',
    );
    for (const days of ['0', '401', '1.5', '1e2', 'soon']) {
      const result = filterFromDraft({ ...empty, notSeenDays: days });
      expect(result.filter).toBeNull();
      expect(result.errors.notSeenDays).toBe('A whole number of days from 1 to 400');
    }
  });
});

describe('the filter in the address', () => {
  it('goes there and back unchanged', () => {
    const filter = { userId: USER, deviceType: 'tablet' as const, country: 'PT', notSeenDays: 30 };
    expect(filterFromSearch(searchFromFilter(filter))).toEqual(filter);
    expect(draftFromFilter(filter)).toEqual({
      userId: USER,
      deviceType: 'tablet',
      country: 'PT',
      notSeenDays: '30',
    });
  });

  it('drops what does not parse instead of sending it', () => {
    expect(
      filterFromSearch(new URLSearchParams('country=<b>&deviceType=toaster&notSeenDays=7')),
    ).toEqual({ notSeenDays: 7 });
  });
});

describe('the words of a bulk sign-out', () => {
  it('states the count in the title', () => {
    expect(signOutTitle(3)).toBe('Sign out 3 sessions?');
    expect(signOutTitle(1)).toBe('Sign out 1 session?');
  });

  it('says which sessions', () => {
    expect(filterInWords({}, undefined)).toBe('in your organisation');
    expect(
      filterInWords(
        { userId: USER, deviceType: 'mobile', country: 'GB', notSeenDays: 1 },
        'Maya Member',
      ),
    ).toBe('of Maya Member, on mobile devices, in United Kingdom, not seen for 1 day');
  });

  it('says how many the bulk sign-out would end', () => {
    expect(signOutScopeInWords(2, true)).toBe('2 matching sessions can be signed out');
    expect(signOutScopeInWords(1, false)).toBe('1 session can be signed out');
    expect(signOutScopeInWords(0, true)).toBe('None of these can be signed out');
  });

  it('gives the new count after a conflict', () => {
    expect(countChangedMessage(4)).toMatch(/4 sessions match now/);
    expect(countChangedMessage(0)).toMatch(/none match/);
  });
});
