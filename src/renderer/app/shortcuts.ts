// Keyboard shortcuts: "g" then a page key navigates (as in GitHub and Gmail, so digits stay free for markers),
// "t" toggles the theme, "?" shows the list, Escape closes it. Ignored while typing in a field.
import { useEffect } from 'react';
import { PAGES, type PageId } from './pages';

export interface ShortcutActions {
  navigate(page: PageId): void;
  toggleTheme(): void;
  toggleHelp(): void;
  closeOverlays(): void;
}

export const SHORTCUT_HELP: readonly (readonly [string, string])[] = [
  ...PAGES.map((p) => [`g ${p.key}`, `Go to ${p.title}`] as const),
  ['t', 'Switch light / dark theme'],
  ['space', 'Pause / resume the live traces'],
  ['1 … 9', 'Put a marker at the current sample (Live page; labels under "Marker keys")'],
  ['Shift+R', 'Start / stop recording (Live page)'],
  ['?', 'Show these shortcuts'],
  ['Esc', 'Close this list'],
];

function typingIn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function useShortcuts(actions: ShortcutActions): void {
  useEffect(() => {
    let awaitingPage = false;
    let timer: number | undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      if (awaitingPage) {
        awaitingPage = false;
        window.clearTimeout(timer);
        const page = PAGES.find((p) => p.key === event.key);
        if (page) {
          event.preventDefault();
          actions.navigate(page.id);
        }
        return;
      }
      if (event.key === 'g') {
        awaitingPage = true;
        timer = window.setTimeout(() => (awaitingPage = false), 1500);
      } else if (event.key === 't') {
        actions.toggleTheme();
      } else if (event.key === '?') {
        actions.toggleHelp();
      } else if (event.key === 'Escape') {
        actions.closeOverlays();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.clearTimeout(timer);
    };
  }, [actions]);
}
