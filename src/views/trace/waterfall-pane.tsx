/**
 * The canvas waterfall beside the span detail panel (shown while a span is selected, resizable).
 * Selection, zoom and find go to and come from the URL; find matches and the statistics group are
 * highlighted (use-highlight.ts, merged by the workspace).
 */
import { type RefObject, useCallback } from 'react';
import { useTraceView } from '../../state/trace-view.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { useTheme } from '../shell/use-theme.ts';
import { Waterfall, type WaterfallApi } from '../waterfall/index.ts';
import { SpanSidePanel } from './span-side-panel.tsx';
import type { TraceCommands } from './use-trace-commands.ts';
import { setZoomWindow, useZoomWindow } from './use-zoom-window.ts';

/** The first frame of a preview (the trace still loading); `spanscope:trace-rendered` waits for the whole trace. */
export const PREVIEW_RENDERED_MARK = 'spanscope:trace-preview-rendered';

interface Props {
  readonly handle: TraceHandle;
  readonly waterfall: RefObject<WaterfallApi | null>;
  readonly detailPanel: RefObject<HTMLElement | null>;
  readonly commands: TraceCommands;
  /** Nodes drawn highlighted (find, a statistics group), and whether the rest is dimmed. */
  readonly highlight: Uint32Array | null;
  readonly dimOthers: boolean;
  readonly selectedNode: number;
}

export function WaterfallPane(props: Props) {
  const { handle, waterfall, detailPanel, commands, highlight, dimOthers, selectedNode } = props;
  const theme = useTheme();
  const errorsOnly = useTraceView((s) => s.errorsOnly);
  const criticalPath = useTraceView((s) => s.criticalPath);
  const view = useZoomWindow();
  const onSelect = useCallback((node: number) => commands.selectNode(node), [commands]);

  return (
    <div className="waterfall-pane">
      <div className="waterfall-host" data-highlighted={highlight?.length ?? 0}>
        <Waterfall
          ref={waterfall}
          handle={handle}
          theme={theme}
          selectedNode={selectedNode}
          onSelect={onSelect}
          view={view}
          onViewChange={setZoomWindow}
          highlight={highlight}
          dimOthers={dimOthers}
          errorsOnly={errorsOnly}
          criticalPath={criticalPath && !handle.loading}
          onOpenDetails={commands.openDetails}
          onFocusFind={commands.focusFind}
          renderedMark={handle.loading ? PREVIEW_RENDERED_MARK : undefined}
        />
      </div>
      {selectedNode >= 0 && !handle.loading && (
        <SpanSidePanel handle={handle} node={selectedNode} commands={commands} detailPanel={detailPanel} />
      )}
    </div>
  );
}
