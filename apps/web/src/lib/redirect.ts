/**
 * Where to go after signing in, given `?next=`: the path it names when it stays on this origin,
 * else "/". Resolving against our origin catches every trick at once: `//evil.test`,
 * `https://evil.test`, `/\evil.test` (browsers read `\` as `/`), `javascript:…`.
 */
export function safeNextPath(next: string | null, origin: string): string {
  if (!next?.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  if (url.origin !== origin) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
