// Light, dark or the system's choice, remembered across runs.

/** A theme choice. */
export type Theme = 'system' | 'light' | 'dark';

const KEY = 'pmem-console-theme';

/** The remembered theme. */
export function loadTheme(): Theme {
  const t = localStorage.getItem(KEY);
  return t === 'light' || t === 'dark' ? t : 'system';
}

/** Applies and remembers a theme. */
export function applyTheme(t: Theme): void {
  if (t === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = t;
  localStorage.setItem(KEY, t);
}
