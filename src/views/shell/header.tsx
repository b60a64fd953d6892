import { useLocation } from '../../state/location.ts';
import { setHelpOpen } from '../../state/ui.ts';
import { ImportButton } from '../import/import-button.tsx';
import { Link } from '../link.tsx';
import { Icon } from './icons.tsx';
import { SearchBox } from './search-box.tsx';
import { SourcePicker } from './source-picker.tsx';
import { ThemeToggle } from './theme-toggle.tsx';

export function Header() {
  // The search page has its own, larger editor.
  const onSearchPage = useLocation((l) => l.pathname === '/search');
  return (
    <header className="app-header">
      <Link href="/" className="brand" aria-label="Spanscope home">
        <svg className="brand-mark" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
          <rect x="1" y="3" width="12" height="3" rx="1.5" />
          <rect x="5" y="8.5" width="10" height="3" rx="1.5" />
          <rect x="9" y="14" width="10" height="3" rx="1.5" />
        </svg>
        <span>Spanscope</span>
      </Link>
      <SourcePicker />
      {onSearchPage ? <div className="search-box-spacer" /> : <SearchBox />}
      <div className="header-actions">
        <Link href="/pins" className="button header-link" title="Pinned traces, kept beyond retention">
          <Icon name="pin" size={14} /> Pins
        </Link>
        <ImportButton />
        <ThemeToggle />
        <button
          type="button"
          className="icon-button"
          onClick={() => setHelpOpen(true)}
          title="Keyboard shortcuts (?)"
          aria-label="Keyboard shortcuts"
        >
          <Icon name="help" />
        </button>
      </div>
    </header>
  );
}
