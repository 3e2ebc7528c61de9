interface TitleHandle {
  title: string;
}

/** A route's `handle`: the page's name, for the browser tab and the history list. */
export const titled = (title: string): TitleHandle => ({ title });

const isTitled = (handle: unknown): handle is TitleHandle =>
  typeof handle === 'object' && handle !== null && 'title' in handle;

/** "Security · Gatehouse": the deepest matched route's title, or the app's name alone. */
export function documentTitle(handles: readonly unknown[]): string {
  const title = handles.filter(isTitled).at(-1)?.title;
  return title ? `${title} · Gatehouse` : 'Gatehouse';
}
