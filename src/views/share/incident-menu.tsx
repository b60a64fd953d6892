/**
 * "Copy for incident": a menu of the two variants of the page's chat message (Markdown, for chats
 * that render it; plain text, for those that do not), built when chosen and put on the clipboard.
 */
import { useCallback, useRef, useState } from 'react';
import type { IncidentText } from '../../core/share/incident-text.ts';
import { showToast } from '../../state/ui.ts';
import { Icon } from '../shell/icons.tsx';
import { useDismiss } from '../shell/use-dismiss.ts';
import { copyText } from '../trace/browser-io.ts';

const VARIANTS: readonly [keyof IncidentText, string][] = [
  ['markdown', 'Markdown'],
  ['text', 'Plain text'],
];

export function IncidentMenu({ text }: { readonly text: (() => Promise<IncidentText>) | null }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(
    open,
    root,
    useCallback(() => setOpen(false), []),
  );
  const copy = async (variant: keyof IncidentText) => {
    setOpen(false);
    if (!text) return;
    try {
      const message = (await text())[variant];
      const ok = await copyText(message);
      showToast(ok ? 'Copied for the incident channel' : 'Copy failed', ok ? 'info' : 'error');
    } catch (e) {
      showToast(`Copy failed: ${(e as Error).message}`, 'error');
    }
  };
  return (
    <div className="menu" ref={root}>
      <button
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={!text}
        onClick={() => setOpen(!open)}
        title="Copy a summary with the link, for a chat message"
      >
        <Icon name="copy" />
        <span>Copy for incident</span>
      </button>
      {open && (
        <div className="menu-list" role="menu">
          {VARIANTS.map(([variant, label]) => (
            <button key={variant} type="button" role="menuitem" onClick={() => void copy(variant)}>
              {label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
