import { PAGES, type PageId } from './pages';
import type { Theme } from './theme';

export function Sidebar({
  page,
  theme,
  onToggleTheme,
  onHelp,
}: {
  page: PageId;
  theme: Theme;
  onToggleTheme: () => void;
  onHelp: () => void;
}) {
  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="brand">Clisonix</div>
      <ul>
        {PAGES.map((p) => (
          <li key={p.id}>
            <a
              href={`#/${p.id}`}
              aria-current={p.id === page ? 'page' : undefined}
              title={`${p.title} (g ${p.key})`}
            >
              {p.title}
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-footer">
        <button type="button" onClick={onToggleTheme} title="Switch theme (t)">
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
        <button type="button" onClick={onHelp} title="Keyboard shortcuts (?)">
          Shortcuts
        </button>
      </div>
    </nav>
  );
}
