export type Theme = 'light' | 'dark';

const KEY = 'gatehouse-theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The user's explicit choice wins; without one the OS setting decides. */
export function resolveTheme(stored: string | null, systemPrefersDark: boolean): Theme {
  if (stored === 'dark' || stored === 'light') return stored;
  return systemPrefersDark ? 'dark' : 'light';
}

export function currentTheme(): Theme {
  return document.documentElement.classList.contains('dark') ? 'dark' : 'light';
}

function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle('dark', theme === 'dark');
  document.documentElement.style.colorScheme = theme;
}

/** Applies the stored or OS theme, and follows OS changes until the user picks one. */
export function applyStoredTheme(): void {
  const media = window.matchMedia(DARK_QUERY);
  applyTheme(resolveTheme(localStorage.getItem(KEY), media.matches));
  media.addEventListener('change', (event) => {
    applyTheme(resolveTheme(localStorage.getItem(KEY), event.matches));
  });
}

export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  applyTheme(next);
  localStorage.setItem(KEY, next);
  return next;
}
