/**
 * An opened trace: header, toolbar, banners and the chosen view (the view alone in an embed).
 * Selection, zoom and find live in the URL; the trace stays in the handle. A preview (a trace the
 * store still streams) shows its waterfall, to scroll and hover; the rest waits for the whole trace.
 */
import { useMemo, useRef } from 'react';
import { useTraceView } from '../../state/trace-view.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import type { FlameGraphApi } from '../flame/index.ts';
import type { WaterfallApi } from '../waterfall/index.ts';
import { FlamePane } from './flame-pane.tsx';
import { HighlightChip } from './highlight-chip.tsx';
import { JsonView } from './json-view.tsx';
import { nodeForSpanId } from './selection.ts';
import { StatsView } from './stats-view.tsx';
import { TraceBanners } from './trace-banners.tsx';
import { TraceHeader } from './trace-header.tsx';
import { TraceToolbar } from './trace-toolbar.tsx';
import { useFindMatches } from './use-find.ts';
import { useHighlight } from './use-highlight.ts';
import { useTraceCommands } from './use-trace-commands.ts';
import { useTraceShortcuts } from './use-trace-shortcuts.ts';
import { WaterfallPane } from './waterfall-pane.tsx';

export function TraceWorkspace({ handle }: { readonly handle: TraceHandle }) {
  const waterfall = useRef<WaterfallApi>(null);
  const flame = useRef<FlameGraphApi>(null);
  const findInput = useRef<HTMLInputElement>(null);
  const detailPanel = useRef<HTMLElement>(null);
  // A preview (the trace still streaming) shows its waterfall; the other views need the whole trace.
  const urlView = useTraceView((s) => s.view);
  const view = handle.loading ? 'waterfall' : urlView;
  const embed = useTraceView((s) => s.embed);
  const spanId = useTraceView((s) => s.spanId);
  const find = useTraceView((s) => s.find);
  const selectedNode = useMemo(() => nodeForSpanId(handle.columns, spanId), [handle, spanId]);
  const { matches, problem: findProblem } = useFindMatches(handle, find);
  const { highlight, dimOthers } = useHighlight(handle, matches, find);
  const commands = useTraceCommands({
    handle,
    waterfall,
    flame,
    findInput,
    detailPanel,
    matches,
    selectedNode,
  });
  useTraceShortcuts(commands, !handle.loading);

  return (
    <div className="trace-workspace">
      {!embed && (
        <>
          <TraceHeader handle={handle} />
          <TraceToolbar
            handle={handle}
            commands={commands}
            matches={matches}
            findProblem={findProblem}
            selectedNode={selectedNode}
            findInput={findInput}
          />
          {!handle.loading && (
            <>
              <TraceBanners handle={handle} missingSpanId={spanId && selectedNode < 0 ? spanId : null} />
              <HighlightChip handle={handle} commands={commands} selectedNode={selectedNode} />
            </>
          )}
        </>
      )}
      <div className="trace-body">
        {view === 'waterfall' && (
          <WaterfallPane
            handle={handle}
            waterfall={waterfall}
            detailPanel={detailPanel}
            commands={commands}
            highlight={highlight}
            dimOthers={dimOthers}
            selectedNode={selectedNode}
          />
        )}
        {view === 'stats' && <StatsView handle={handle} />}
        {view === 'json' && <JsonView handle={handle} selectedNode={selectedNode} />}
        {view === 'flame' && (
          <FlamePane
            handle={handle}
            flame={flame}
            detailPanel={detailPanel}
            commands={commands}
            highlight={highlight}
            dimOthers={dimOthers}
            selectedNode={selectedNode}
          />
        )}
      </div>
    </div>
  );
}
