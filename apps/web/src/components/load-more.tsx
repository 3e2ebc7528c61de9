import { errorMessage } from '../api/errors';
import { Alert } from './ui/alert';
import { Button } from './ui/button';

/** What LoadMore needs of a TanStack infinite query. */
interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage(): unknown;
}

/** "Load more" under a paged list, while the server says there is more (`nextCursor`). */
export function LoadMore({ query, label }: { query: PagedQuery; label: string }) {
  if (!query.hasNextPage) return null;
  return (
    <div className="flex flex-col items-center gap-2 p-3">
      {query.isFetchNextPageError ? (
        <Alert tone="error">{errorMessage(query.error, 'Could not load more')}</Alert>
      ) : null}
      <Button
        variant="secondary"
        size="sm"
        aria-label={label}
        aria-busy={query.isFetchingNextPage}
        disabled={query.isFetchingNextPage}
        onClick={() => query.fetchNextPage()}
      >
        {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
      </Button>
    </div>
  );
}
