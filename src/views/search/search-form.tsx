/**
 * The search page's controls: the TraceQL editor (Ctrl/⌘+Enter runs), the time range, the limit,
 * Run and the recent queries; `SearchHint` names the editor's keys.
 */
import { MAX_SEARCH_LIMIT, type SearchViewState } from '../../state/view-states.ts';
import { HistoryMenu } from '../query/history-menu.tsx';
import { QueryEditor } from '../query/query-editor.tsx';
import type { QueryProblem } from '../query/traceql-language.ts';
import { Icon } from '../shell/icons.tsx';
import { TimeRangePicker } from './time-range-picker.tsx';

const LIMITS = [20, 50, 100, 200, 500, MAX_SEARCH_LIMIT];

interface Props {
  readonly draft: string;
  readonly onDraft: (text: string) => void;
  readonly onRun: (text: string) => void;
  readonly state: SearchViewState;
  readonly limit: number;
  readonly asOfMs: number;
  readonly problem: QueryProblem | null;
  readonly onRange: (start: string | null, end: string | null) => void;
  readonly onLimit: (limit: number) => void;
  readonly running: boolean;
}

export function SearchForm({
  draft,
  onDraft,
  onRun,
  state,
  limit,
  asOfMs,
  problem,
  onRange,
  onLimit,
  running,
}: Props) {
  const limits = LIMITS.includes(limit) ? LIMITS : [...LIMITS, limit].sort((a, b) => a - b);
  return (
    <section className="search-form" aria-label="Query">
      <div className="search-editor">
        <QueryEditor
          variant="block"
          value={draft}
          onChange={onDraft}
          onRun={onRun}
          source={state.source}
          label="TraceQL query"
          placeholder={
            '{ resource.service.name = "frontend" && status = error }  (empty: the most recent traces)'
          }
          problem={problem}
          autoFocus
        />
        <HistoryMenu onPick={onRun} />
      </div>
      <div className="search-controls">
        <TimeRangePicker start={state.start} end={state.end} nowMs={asOfMs} onChange={onRange} />
        <label className="field">
          <span className="field-label">Limit</span>
          <select aria-label="Limit" value={limit} onChange={(e) => onLimit(Number(e.target.value))}>
            {limits.map((n) => (
              <option key={n} value={n}>
                {n} traces
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button-primary run-button"
          onClick={() => onRun(draft)}
          aria-busy={running}
        >
          <Icon name="play" size={14} /> Run query
        </button>
      </div>
    </section>
  );
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function SearchHint() {
  return (
    <span className="search-hint muted">
      <kbd>{isMac ? '⌘' : 'Ctrl'}</kbd>+<kbd>Enter</kbd> runs · <kbd>↑</kbd> recent queries · <kbd>Ctrl</kbd>+
      <kbd>Space</kbd> suggestions
    </span>
  );
}
