/**
 * The chip that says which spans are highlighted from the statistics table ("db.system = postgresql
 * · 1,234 spans"), steps the selection through them and clears them (✕ or Esc).
 */
import { useEffect } from 'react';
import { clearHighlight } from '../../state/highlight.ts';
import { useUi } from '../../state/ui.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { formatCount } from '../format/format.ts';
import { Icon } from '../shell/icons.tsx';
import { isTypingTarget } from '../shell/shortcuts.ts';
import { matchIndex, stepMatch } from './use-find.ts';
import { useGroupHighlight } from './use-highlight.ts';
import type { TraceCommands } from './use-trace-commands.ts';

interface Props {
  readonly handle: TraceHandle;
  readonly commands: TraceCommands;
  readonly selectedNode: number;
}

export function HighlightChip({ handle, commands, selectedNode }: Props) {
  const group = useGroupHighlight(handle);
  const shown = group !== null;
  useEffect(() => {
    if (!shown) return;
    // Esc anywhere but in a text field (where it belongs to the field) clears it, also when the
    // focused waterfall used the key to clear its selection.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !isTypingTarget(e.target) && !useUi.getState().helpOpen) clearHighlight();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [shown]);
  if (!group) return null;
  const n = group.nodes.length;
  const at = matchIndex(group.nodes, selectedNode);
  const step = (direction: 1 | -1) =>
    commands.selectNode(stepMatch(group.nodes, selectedNode, direction), true);
  return (
    <div className="highlight-chip" data-testid="highlight-chip">
      <span className="highlight-label" title={group.label}>
        {group.label}
      </span>
      <span className="highlight-count" aria-live="polite">
        {at >= 0
          ? `${formatCount(at + 1)} of ${formatCount(n)}`
          : `${formatCount(n)} ${n === 1 ? 'span' : 'spans'}`}
      </span>
      <button
        type="button"
        className="icon-button"
        onClick={() => step(-1)}
        disabled={n === 0}
        aria-label="Previous highlighted span"
        title="Previous highlighted span"
      >
        <Icon name="up" />
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={() => step(1)}
        disabled={n === 0}
        aria-label="Next highlighted span"
        title="Next highlighted span"
      >
        <Icon name="down" />
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={clearHighlight}
        aria-label="Clear the highlight"
        title="Clear the highlight (Esc)"
      >
        <Icon name="close" />
      </button>
    </div>
  );
}
