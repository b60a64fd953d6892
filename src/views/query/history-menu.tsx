/**
 * The recent queries as a small menu beside a query editor: a button opens it, ↑/↓ move through
 * the queries, Enter or a click runs one, Esc closes it and gives the focus back to the button.
 */
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { clearQueryHistory, useQueryHistory } from '../../state/query-history.ts';
import { Icon } from '../shell/icons.tsx';

export function HistoryMenu({ onPick }: { readonly onPick: (query: string) => void }) {
  const entries = useQueryHistory((s) => s.entries);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node))
        setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div className="history-menu">
      <button
        ref={button}
        type="button"
        className="icon-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label="Recent queries"
        title="Recent queries (↑ in an empty box)"
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="history" />
      </button>
      {open && (
        <div
          ref={menu}
          id={id}
          className="history-list"
          role="menu"
          aria-label="Recent queries"
          onKeyDown={onKeyDown}
        >
          {entries.length === 0 ? (
            <p className="muted history-empty">Queries you run appear here.</p>
          ) : (
            entries.map((q) => (
              <button
                key={q}
                type="button"
                role="menuitem"
                className="history-item mono"
                title={q}
                onClick={() => {
                  setOpen(false);
                  onPick(q);
                }}
              >
                {q}
              </button>
            ))
          )}
          {entries.length > 0 && (
            <button
              type="button"
              role="menuitem"
              className="history-item history-clear"
              onClick={() => {
                clearQueryHistory();
                close();
              }}
            >
              Clear history
            </button>
          )}
        </div>
      )}
    </div>
  );
}
