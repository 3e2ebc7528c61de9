import { z } from 'zod';

const pgError = z.object({ code: z.string() });

/** True when a database error (or the error it wraps) is a unique-constraint violation. */
export function isUniqueViolation(err: unknown): boolean {
  for (let current: unknown = err; current; ) {
    const parsed = pgError.safeParse(current);
    if (parsed.success && parsed.data.code === '23505') return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}
