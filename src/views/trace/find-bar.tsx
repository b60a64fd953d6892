/**
 * Find in trace: the text is in the URL (`find=`), matches come from the worker; the waterfall
 * dims everything else. Enter / Shift+Enter step through the matches, Esc clears.
 */
import type { RefObject } from 'react';
import { setTraceView, useTraceView } from '../../state/trace-view.ts';
import { MAX_FIND_CHARS } from '../../state/url.ts';
import { formatCount } from '../format/format.ts';
import { Icon } from '../shell/icons.tsx';
import { matchIndex } from './use-find.ts';
import type { TraceCommands } from './use-trace-commands.ts';

interface Props {
  readonly commands: TraceCommands;
  readonly matches: Uint32Array | null;
  readonly selectedNode: number;
  readonly inputRef: RefObject<HTMLInputElement | null>;
}

function countText(text: string, matches: Uint32Array | null, selectedNode: number): string {
  if (!text.trim()) return '';
  if (!matches) return '…';
  if (matches.length === 0) return 'No matches';
  const i = matchIndex(matches, selectedNode);
  return i >= 0
    ? `${formatCount(i + 1)} of ${formatCount(matches.length)}`
    : `${formatCount(matches.length)} matches`;
}

export function FindBar({ commands, matches, selectedNode, inputRef }: Props) {
  const text = useTraceView((s) => s.find);
  const none = !matches || matches.length === 0;
  return (
    <div className="find-bar">
      <Icon name="search" />
      <input
        ref={inputRef}
        type="text"
        value={text}
        maxLength={MAX_FIND_CHARS}
        onChange={(e) => setTraceView({ find: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            if (e.shiftKey) commands.prevMatch();
            else commands.nextMatch();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            setTraceView({ find: '' });
            e.currentTarget.blur();
          }
        }}
        placeholder="Find spans (name, service, id, attribute)"
        aria-label="Find in trace"
        spellCheck={false}
      />
      <span className="find-count" aria-live="polite" data-testid="find-count">
        {countText(text, matches, selectedNode)}
      </span>
      <button
        type="button"
        className="icon-button"
        onClick={commands.prevMatch}
        disabled={none}
        aria-label="Previous match"
        title="Previous match (Shift+N)"
      >
        <Icon name="up" />
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={commands.nextMatch}
        disabled={none}
        aria-label="Next match"
        title="Next match (n)"
      >
        <Icon name="down" />
      </button>
    </div>
  );
}
