/**
 * The email that last signed in on this browser, so the sign-in page can offer it again after
 * a session ended (forced out, expired). Not a secret, but it names who used this browser, so
 * an explicit "Sign out" forgets it (a shared computer's next user does not see it).
 */
export interface EmailStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const KEY = 'gatehouse-last-email';
/** An address's longest length (RFC 5321); anything else stored here is not ours. */
const MAX_LENGTH = 254;

const looksLikeEmail = (value: string): boolean =>
  value.length <= MAX_LENGTH && /^[^\s@]+@[^\s@]+$/.test(value);

/** Storage may be refused (privacy modes, disabled cookies): then nothing is remembered. */
function attempt<T>(action: () => T, fallback: T): T {
  try {
    return action();
  } catch {
    return fallback;
  }
}

export function rememberEmail(store: EmailStore, email: string): void {
  const value = email.trim();
  if (looksLikeEmail(value)) attempt(() => store.setItem(KEY, value), undefined);
}

/** The remembered email, or '' when there is none (or what is stored is not an email). */
export function lastEmail(store: EmailStore): string {
  const value = attempt(() => store.getItem(KEY), null);
  return value && looksLikeEmail(value) ? value : '';
}

export function forgetEmail(store: EmailStore): void {
  attempt(() => store.removeItem(KEY), undefined);
}

/** The browser's localStorage, or a store that keeps nothing where there is none. */
export function browserEmailStore(): EmailStore {
  return attempt<EmailStore>(() => window.localStorage, {
    getItem: () => null,
    setItem: () => undefined,
    removeItem: () => undefined,
  });
}
