import { ApiError, errorMessage } from '../api/errors';
import { Alert } from './ui/alert';

/** True when the form shows this error under one of its fields already. */
function shownOnField(error: unknown, fields: readonly string[]): boolean {
  return error instanceof ApiError && error.issues.some((issue) => fields.includes(issue.path));
}

/**
 * A failed call, said plainly; nothing at all for no error, a step-up the user closed, or an
 * error the form already shows under one of its `fields`.
 */
export function ErrorAlert({
  error,
  fallback,
  fields = [],
  className,
}: {
  error: unknown;
  fallback?: string;
  fields?: readonly string[];
  className?: string;
}) {
  const message = shownOnField(error, fields) ? null : errorMessage(error, fallback);
  if (!message) return null;
  return (
    <Alert tone="error" className={className}>
      {message}
    </Alert>
  );
}
