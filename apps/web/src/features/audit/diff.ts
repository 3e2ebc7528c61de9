/** One changed value of an audit entry: `key: before → after`. */
export interface Change {
  key: string;
  before: string | null;
  after: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Nested objects as dotted keys (`effective.idleMinutes`); arrays and scalars are leaves. */
function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()) {
  if (!isRecord(value)) {
    if (prefix) into.set(prefix, value);
    return into;
  }
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isRecord(inner) && Object.keys(inner).length > 0) flatten(inner, path, into);
    else into.set(path, inner);
  }
  return into;
}

/** A value as a person reads it: text as is, everything else as JSON; nothing is null. */
export function showValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * What an entry changed: every key whose value differs between `before` and `after` (one side
 * null for something created or deleted), in the order the keys first appear.
 */
export function changesOf(before: unknown, after: unknown): Change[] {
  const old = flatten(before);
  const now = flatten(after);
  const keys = [...new Set([...old.keys(), ...now.keys()])];
  return keys.flatMap((key) => {
    const was = showValue(old.get(key));
    const is = showValue(now.get(key));
    return was === is ? [] : [{ key, before: was, after: is }];
  });
}
