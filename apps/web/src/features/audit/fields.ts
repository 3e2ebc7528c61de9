import {
  auditFieldLabel,
  auditValueLabel,
  STEP_UP_PURPOSE_LABELS,
  type StepUpPurpose,
} from '@gatehouse/shared';

/** A field's value as the page shows it: words, an id (kept whole, copyable) or an instant. */
export type FieldValue =
  | { kind: 'text'; text: string }
  | { kind: 'id'; id: string }
  | { kind: 'time'; iso: string };

export interface EntryField {
  key: string;
  label: string;
  value: FieldValue;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const ENDED_WORDS: Record<string, [string, string]> = {
  sessions: ['session', 'sessions'],
  supportSessions: ['support session', 'support sessions'],
  grants: ['step-up grant', 'step-up grants'],
  challenges: ['pending sign-in', 'pending sign-ins'],
  apiKeys: ['API token', 'API tokens'],
};

/** "2 sessions, 1 API token" from an `ended` record (decision 017); "nothing" when all are 0. */
function endedInWords(ended: Record<string, unknown>): string {
  const parts = Object.entries(ended).flatMap(([kind, value]) => {
    const count = isRecord(value) && typeof value.count === 'number' ? value.count : 0;
    const [one, many] = ENDED_WORDS[kind] ?? [kind, kind];
    return count > 0 ? [`${count} ${count === 1 ? one : many}`] : [];
  });
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

const isPurpose = (value: string): value is StepUpPurpose =>
  Object.hasOwn(STEP_UP_PURPOSE_LABELS, value);

/** Any value in words: lists joined, records as "name: value", yes/no for booleans. */
function inWords(value: unknown): string {
  if (Array.isArray(value)) return value.map(inWords).join(', ');
  if (typeof value === 'string') return auditValueLabel(value);
  if (isRecord(value))
    return Object.entries(value)
      .filter(([, inner]) => inner !== null && inner !== undefined)
      .map(([key, inner]) => (key === 'count' ? `×${inWords(inner)}` : inWords(inner)))
      .join(' ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

function shownValue(key: string, value: unknown): FieldValue | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (key === 'purpose' && isPurpose(value))
      return { kind: 'text', text: STEP_UP_PURPOSE_LABELS[value] };
    if (UUID.test(value)) return { kind: 'id', id: value };
    if (INSTANT.test(value)) return { kind: 'time', iso: value };
    return { kind: 'text', text: auditValueLabel(value) };
  }
  if (key === 'ended' && isRecord(value)) return { kind: 'text', text: endedInWords(value) };
  if (key === 'window' && isRecord(value) && typeof value.count === 'number')
    return { kind: 'text', text: String(value.count) };
  if (isRecord(value) && Object.keys(value).length === 0) return null;
  if (isRecord(value) && !Object.values(value).some(isRecord))
    return {
      kind: 'text',
      text: Object.entries(value)
        .filter(([, inner]) => inner !== null && inner !== undefined)
        .map(([inner, v]) => `${auditFieldLabel(inner)}: ${inWords(v)}`)
        .join(' · '),
    };
  return { kind: 'text', text: inWords(value) };
}

/** An entry's metadata as named fields, in the order it was recorded; empty ones left out. */
export function fieldsOf(metadata: unknown): EntryField[] {
  if (!isRecord(metadata)) return [];
  return Object.entries(metadata).flatMap(([key, raw]) => {
    const value = shownValue(key, raw);
    return value ? [{ key, label: auditFieldLabel(key), value }] : [];
  });
}
