import { useCallback, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';
const STORAGE_KEY = 'clisonix.theme';

function initialTheme(): Theme {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    window.localStorage.setItem(STORAGE_KEY, theme);
  }, [theme]);
  const toggle = useCallback(() => setTheme((t) => (t === 'dark' ? 'light' : 'dark')), []);
  return [theme, toggle];
}

/** The canvas needs concrete colours; they come from the same CSS variables as the rest of the UI. */
export function readTraceStyle(element: Element) {
  const css = getComputedStyle(element);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    background: v('--trace-bg'),
    grid: v('--trace-grid'),
    text: v('--fg'),
    muted: v('--fg-muted'),
    marker: v('--marker'),
    palette: v('--trace-palette')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
  };
}
