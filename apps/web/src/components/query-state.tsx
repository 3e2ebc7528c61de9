import type { ReactNode } from 'react';
import { errorMessage } from '../api/errors';
import { Alert } from './ui/alert';
import { Button } from './ui/button';

/** What QueryState needs of a TanStack query (plain or infinite). */
interface QueryLike<T> {
  data: T | undefined;
  isError: boolean;
  error: unknown;
  refetch(): unknown;
}

/**
 * A query's three states in one place: "Loading …", the error with "Try again", or the data.
 * Data already shown stays on screen while a refresh fails.
 */
export function QueryState<T>({
  query,
  what,
  children,
}: {
  query: QueryLike<T>;
  /** "your sessions", "the documents": fills "Loading …" and "Could not load …". */
  what: string;
  children(data: T): ReactNode;
}) {
  if (query.data !== undefined) return children(query.data);
  if (query.isError)
    return (
      <Alert tone="error" className="m-4">
        Could not load {what}. {errorMessage(query.error)}{' '}
        <Button variant="link" size="sm" className="h-auto px-0" onClick={() => query.refetch()}>
          Try again
        </Button>
      </Alert>
    );
  return (
    <p className="p-4 text-sm text-slate-500 dark:text-slate-400" aria-busy="true">
      Loading {what}…
    </p>
  );
}
