/**
 * Find in trace: the text is in the URL (`find=`), matches come from the worker; the canvas views
 * dim everything else. A text starting with `{` is a TraceQL query (a problem in it is shown with
 * its position). Enter / Shift+Enter step through the matches, Esc clears.
 */
import type { RefObject } from 'react';
import { setTraceView, useTraceView } from '../../state/trace-view.ts';
import { MAX_FIND_CHARS } from '../../state/view-states.ts';
import { formatCount } from '../format/format.ts';
import { Icon } from '../shell/icons.tsx';
import { matchIndex } from './use-find.ts';
import type { TraceCommands } from './use-trace-commands.ts';

interface Props {
  readonly commands: TraceCommands;
  readonly matches: Uint32Array | null;
  /** Why the text finds nothing (a TraceQL query that does not compile), or null. */
  readonly problem: string | null;
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

export function FindBar({ commands, matches, problem, selectedNode, inputRef }: Props) {
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
        placeholder="Find spans (name, service, id, attribute) or { TraceQL }"
        title='Finds text in span names, services, ids, attribute keys and values, event names and status messages; or the spans of a TraceQL query such as { span.db.system = "postgresql" && duration > 10ms }'
        aria-invalid={problem !== null}
        aria-label="Find in trace"
        spellCheck={false}
      />
      <span
        className={problem ? 'find-count find-problem' : 'find-count'}
        aria-live="polite"
        data-testid="find-count"
        title={problem ?? undefined}
      >
        {problem ?? countText(text, matches, selectedNode)}
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
