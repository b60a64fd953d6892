/**
 * The header's search box: the one-line TraceQL editor. Enter runs the query on the search page
 * (`/search?q=…`); a trace id typed here opens that trace. The search page has its own, larger
 * editor, so the header shows none there.
 */
import { useState } from 'react';
import { DEFAULT_SEARCH_VIEW } from '../../state/view-states.ts';
import { HistoryMenu } from '../query/history-menu.tsx';
import { QueryEditor } from '../query/query-editor.tsx';
import { runSearch } from '../search/run-search.ts';
import { Icon } from './icons.tsx';
import { useCurrentSource } from './source-picker.tsx';

export function SearchBox() {
  const current = useCurrentSource();
  const source = current === 'local' ? null : current;
  const [draft, setDraft] = useState('');
  const run = (text: string) => {
    if (!text.trim()) return;
    setDraft('');
    runSearch(text, { ...DEFAULT_SEARCH_VIEW, source });
  };
  return (
    <div className="search-box">
      <div className="search-box-field">
        <Icon name="search" />
        <QueryEditor
          variant="line"
          value={draft}
          onChange={setDraft}
          onRun={run}
          source={source}
          label="Search traces (TraceQL or trace id)"
          placeholder="TraceQL query or trace id, e.g. { status = error }"
        />
        <HistoryMenu onPick={run} />
      </div>
    </div>
  );
}
