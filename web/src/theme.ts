/**
 * The wall's theme: light (default) or dark, for walls that run day and night. Chosen by the
 * address (`#/wall?theme=dark`, or the display link `/display/<token>?theme=dark`) or by the
 * toggle on the wall, and remembered in the browser (localStorage) until chosen again.
 */
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'sla.wallTheme';

export function parseTheme(v: string | null | undefined): Theme | null {
  return v === 'dark' || v === 'light' ? v : null;
}

/** The theme asked for by the address, else the remembered one, else light. */
export function wallTheme(hash: string, stored: string | null): Theme {
  const q = hash.indexOf('?');
  const fromAddress = q >= 0 ? parseTheme(new URLSearchParams(hash.slice(q + 1)).get('theme')) : null;
  return fromAddress ?? parseTheme(stored) ?? 'light';
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function storedTheme(): string | null {
  try {
    return storage()?.getItem(THEME_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Applies a theme to the page and remembers it. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.classList.toggle('theme-dark', theme === 'dark');
  root.dataset.theme = theme;
  try {
    storage()?.setItem(THEME_KEY, theme);
  } catch {
    // private mode: the address still chooses
  }
}

/** Leaves the wall: the rest of the application keeps its light theme. */
export function clearTheme(root: HTMLElement = document.documentElement): void {
  root.classList.remove('theme-dark');
  delete root.dataset.theme;
}
