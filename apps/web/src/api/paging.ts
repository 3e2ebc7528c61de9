import type { InfiniteData } from '@tanstack/react-query';

/** The first page of a paged list is asked for without a cursor. */
export const FIRST_PAGE: string | null = null;

/** Paged lists answer `nextCursor: null` on their last page, which ends TanStack's paging. */
export const nextCursorOf = (page: { nextCursor: string | null }): string | null => page.nextCursor;

/** `/api/x?cursor=…` for one page of a paged list; the first page has no cursor. */
export function pagePath(path: string, cursor: string | null, limit?: number): string {
  const query = new URLSearchParams();
  if (cursor) query.set('cursor', cursor);
  if (limit !== undefined) query.set('limit', String(limit));
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/** Every row loaded so far, in order. */
export function allRows<Page, Row>(
  data: InfiniteData<Page> | undefined,
  rows: (page: Page) => Row[],
): Row[] {
  return data?.pages.flatMap(rows) ?? [];
}
