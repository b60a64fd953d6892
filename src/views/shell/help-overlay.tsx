/**
 * The `?` overlay listing every shortcut (from shortcuts.ts). `?` toggles it anywhere; Esc or a
 * click outside closes it; the native dialog returns focus where it was.
 */
import { useEffect, useRef } from 'react';
import { setHelpOpen, useUi } from '../../state/ui.ts';
import { Icon } from './icons.tsx';
import { isTypingTarget, keyLabel, SHORTCUT_GROUPS } from './shortcuts.ts';

/** `?` anywhere; `/` focuses the query editor (header or search page) where no page claimed it (the trace page does). */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (e.key === '?') {
        e.preventDefault();
        setHelpOpen(!useUi.getState().helpOpen);
      } else if (e.key === '/') {
        e.preventDefault();
        document.querySelector<HTMLElement>('.query-editor .cm-content')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function HelpOverlay() {
  const open = useUi((s) => s.helpOpen);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes; Esc closes natively.
    <dialog
      ref={dialog}
      className="help-dialog"
      aria-labelledby="help-title"
      onClose={() => setHelpOpen(false)}
      onClick={(e) => e.target === dialog.current && setHelpOpen(false)}
      data-testid="help-overlay"
    >
      <div className="help-head">
        <h2 id="help-title">Keyboard shortcuts</h2>
        <button type="button" className="icon-button" onClick={() => setHelpOpen(false)} aria-label="Close">
          <Icon name="close" />
        </button>
      </div>
      <div className="help-groups">
        {SHORTCUT_GROUPS.map((g) => (
          <section key={g.title}>
            <h3>{g.title}</h3>
            <dl>
              {g.items.map((s) => (
                <div key={s.label} className="help-row">
                  <dt>
                    {s.keys.map((k) => (
                      <kbd key={k}>{keyLabel(k)}</kbd>
                    ))}
                  </dt>
                  <dd>{s.label}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </dialog>
  );
}
