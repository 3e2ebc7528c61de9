import {
  type DEVICE_TYPES,
  type OrgSessionsFilter,
  orgSessionsFilterSchema,
} from '@gatehouse/shared';
import type { z } from 'zod';
import { countryName } from '../../lib/countries';

export type DeviceType = (typeof DEVICE_TYPES)[number];

export const DEVICE_TYPE_LABELS: Record<DeviceType, string> = {
  desktop: 'Desktop',
  mobile: 'Mobile',
  tablet: 'Tablet',
  unknown: 'Unknown device',
};

/** The filter form as typed: every field a string, empty meaning "any". */
export interface FilterDraft {
  userId: string;
  deviceType: string;
  country: string;
  notSeenDays: string;
}

export type FilterErrors = Partial<Record<keyof FilterDraft, string>>;

const FIELDS = ['userId', 'deviceType', 'country', 'notSeenDays'] as const;
const DAYS_MESSAGE = 'A whole number of days from 1 to 400';

export function draftFromFilter(filter: OrgSessionsFilter): FilterDraft {
  return {
    userId: filter.userId ?? '',
    deviceType: filter.deviceType ?? '',
    country: filter.country ?? '',
    notSeenDays: filter.notSeenDays === undefined ? '' : String(filter.notSeenDays),
  };
}

/** People type "gb" or " GB ": the API wants two capitals. */
const countryCode = (text: string) => text.trim().toUpperCase();

/** The draft checked with the API's own schema: the filter to apply, or why not, by field. */
export function filterFromDraft(draft: FilterDraft): {
  filter: OrgSessionsFilter | null;
  errors: FilterErrors;
} {
  const candidate = {
    userId: draft.userId || undefined,
    deviceType: draft.deviceType || undefined,
    country: countryCode(draft.country) || undefined,
    // Only digits: the schema would read "1e2" or " 7" as numbers.
    notSeenDays: /^\d+$/.test(draft.notSeenDays.trim()) ? draft.notSeenDays.trim() : undefined,
  };
  const errors: FilterErrors = {};
  if (draft.notSeenDays.trim() !== '' && candidate.notSeenDays === undefined)
    errors.notSeenDays = DAYS_MESSAGE;
  const parsed = orgSessionsFilterSchema.safeParse(candidate);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = FIELDS.find((name) => name === issue.path[0]);
      if (field) errors[field] ??= field === 'notSeenDays' ? DAYS_MESSAGE : issue.message;
    }
  if (!parsed.success || Object.keys(errors).length > 0) return { filter: null, errors };
  return { filter: parsed.data, errors };
}

/** One field of the address, as its schema reads it; undefined when absent or unreadable. */
function fieldOf<S extends z.ZodType>(schema: S, value: string | null): z.output<S> | undefined {
  if (value === null) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The filter in the address (`?country=GB&deviceType=mobile`); a field that does not parse is dropped. */
export function filterFromSearch(params: URLSearchParams): OrgSessionsFilter {
  const { shape } = orgSessionsFilterSchema;
  return {
    userId: fieldOf(shape.userId, params.get('userId')),
    deviceType: fieldOf(shape.deviceType, params.get('deviceType')),
    country: fieldOf(shape.country, params.get('country')),
    notSeenDays: fieldOf(shape.notSeenDays, params.get('notSeenDays')),
  };
}

export function searchFromFilter(filter: OrgSessionsFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    const value = filter[field];
    if (value !== undefined) params.set(field, String(value));
  }
  return params;
}

export const isFiltered = (filter: OrgSessionsFilter) =>
  FIELDS.some((f) => filter[f] !== undefined);

export const sessionCount = (n: number) => (n === 1 ? '1 session' : `${n} sessions`);

/** "Sign out 3 sessions?": the confirmation states what will end. */
export const signOutTitle = (n: number) => `Sign out ${sessionCount(n)}?`;

/**
 * Which sessions, in words: "of Maya Member, on mobile devices, in GB, not seen for 7 days", or
 * "in your organisation" when nothing narrows it.
 */
export function filterInWords(filter: OrgSessionsFilter, userName: string | undefined): string {
  const parts = [
    filter.userId ? `of ${userName ?? 'the chosen person'}` : null,
    filter.deviceType
      ? filter.deviceType === 'unknown'
        ? 'on unknown devices'
        : `on ${DEVICE_TYPE_LABELS[filter.deviceType].toLowerCase()} devices`
      : null,
    filter.country ? `in ${countryName(filter.country)}` : null,
    filter.notSeenDays
      ? `not seen for ${filter.notSeenDays === 1 ? '1 day' : `${filter.notSeenDays} days`}`
      : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'in your organisation';
}

/**
 * The server counts what "Sign out all matching" would end: the filter's sessions except the
 * admin's own here and, for an admin who is not an owner, the owners'.
 */
export function signOutScopeInWords(matching: number, filtered: boolean): string {
  if (matching === 0)
    return filtered ? 'None of these can be signed out' : 'None can be signed out';
  const what = filtered
    ? `${sessionCount(matching).replace(' ', ' matching ')}`
    : sessionCount(matching);
  return `${what} can be signed out`;
}

/** After a 409: the count the confirmation showed is no longer true; here is the new one. */
export function countChangedMessage(now: number | undefined): string {
  if (now === undefined) return 'Sessions came or went meanwhile. Check the list and try again.';
  if (now === 0) return 'Sessions came or went meanwhile: none match any more.';
  return `Sessions came or went meanwhile: ${sessionCount(now)} match now. Confirm again to sign them out.`;
}
