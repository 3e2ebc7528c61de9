import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  type AuditAction,
  type AuditOutcome,
} from '@gatehouse/shared';

/** The audit page's filter, as the address carries it (`?action=A&action=B&outcome=FAIL…`). */
export interface AuditPageFilter {
  actions: AuditAction[];
  outcome: AuditOutcome | '';
  actorUserId: string;
  targetId: string;
  impersonationOnly: boolean;
  /** Days as a date field gives them (`2026-12-01`), in the viewer's own time zone. */
  from: string;
  to: string;
}

export const EMPTY_FILTER: AuditPageFilter = {
  actions: [],
  outcome: '',
  actorUserId: '',
  targetId: '',
  impersonationOnly: false,
  from: '',
  to: '',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isAction = (value: string): value is AuditAction => Object.hasOwn(AUDIT_ACTIONS, value);
const isOutcome = (value: string): value is AuditOutcome =>
  (AUDIT_OUTCOMES as readonly string[]).includes(value);

/** The filter in the page's address; what does not parse is dropped. */
export function filterFromSearch(params: URLSearchParams): AuditPageFilter {
  const day = (name: string) => {
    const value = params.get(name) ?? '';
    return DAY.test(value) ? value : '';
  };
  const outcome = params.get('outcome') ?? '';
  return {
    actions: params.getAll('action').filter(isAction),
    outcome: isOutcome(outcome) ? outcome : '',
    actorUserId: params.get('actorUserId') ?? '',
    targetId: params.get('targetId') ?? '',
    impersonationOnly: params.get('impersonation') === 'true',
    from: day('from'),
    to: day('to'),
  };
}

/** The page's address for a filter: only the fields that narrow it. */
export function searchFromFilter(filter: AuditPageFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const action of filter.actions) params.append('action', action);
  if (filter.outcome) params.set('outcome', filter.outcome);
  if (filter.actorUserId) params.set('actorUserId', filter.actorUserId);
  if (filter.targetId.trim()) params.set('targetId', filter.targetId.trim());
  if (filter.impersonationOnly) params.set('impersonation', 'true');
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  return params;
}

/** Midnight at the start of a day in the viewer's time zone, as the instant the API takes. */
function localMidnight(day: string, addDays = 0): string {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(year, month - 1, date + addDays).toISOString();
}

/**
 * The API's query for a filter (`GET /api/audit`, `GET /api/audit/export`): days become the
 * viewer's local midnights, and "To" includes its whole day.
 */
export function apiSearchFromFilter(filter: AuditPageFilter): URLSearchParams {
  const params = searchFromFilter(filter);
  if (filter.from) params.set('from', localMidnight(filter.from));
  if (filter.to) params.set('to', localMidnight(filter.to, 1));
  return params;
}

/** Where "Export CSV" downloads the filtered log from. */
export function exportCsvUrl(filter: AuditPageFilter): string {
  const params = new URLSearchParams({ format: 'csv' });
  for (const [name, value] of apiSearchFromFilter(filter)) params.append(name, value);
  return `/api/audit/export?${params.toString()}`;
}

export const isFiltered = (filter: AuditPageFilter): boolean =>
  searchFromFilter(filter).toString() !== '';

/** "From" after "To" is a mistake the API would refuse: say so by the field. */
export function dateRangeError(filter: AuditPageFilter): string | undefined {
  return filter.from && filter.to && filter.from > filter.to
    ? 'Choose a day on or after “From”'
    : undefined;
}
