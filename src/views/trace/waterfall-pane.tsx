/**
 * The canvas waterfall beside the span detail panel (shown while a span is selected, resizable).
 * Selection, zoom and find go to and come from the URL; find matches and the statistics group are
 * highlighted (use-highlight.ts).
 */
import { type RefObject, useCallback, useMemo } from 'react';
import { DETAIL_WIDTH_RANGE_PX, setDetailWidth, usePreferences } from '../../state/preferences.ts';
import { setTraceView, useTraceView } from '../../state/trace-view.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { DetailPanel } from '../detail/detail-panel.tsx';
import { useTheme } from '../shell/use-theme.ts';
import { type TimeWindow, Waterfall, type WaterfallApi } from '../waterfall/index.ts';
import { useHighlight } from './use-highlight.ts';
import type { TraceCommands } from './use-trace-commands.ts';

interface Props {
  readonly handle: TraceHandle;
  readonly waterfall: RefObject<WaterfallApi | null>;
  readonly detailPanel: RefObject<HTMLElement | null>;
  readonly commands: TraceCommands;
  readonly matches: Uint32Array | null;
  readonly selectedNode: number;
}

function onViewChange(w: TimeWindow | null): void {
  setTraceView({ zoom: w ? { fromUs: w.startNs / 1000, toUs: w.endNs / 1000 } : null });
}

function Resizer({ widthPx }: { readonly widthPx: number }) {
  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => setDetailWidth(window.innerWidth - ev.clientX);
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot be dragged or focused; this is a splitter.
    <div
      className="resizer"
      role="separator"
      aria-valuenow={widthPx}
      aria-valuemin={DETAIL_WIDTH_RANGE_PX[0]}
      aria-valuemax={DETAIL_WIDTH_RANGE_PX[1]}
      aria-orientation="vertical"
      aria-label="Resize the span details"
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={(e) => {
        const step = e.key === 'ArrowLeft' ? 24 : e.key === 'ArrowRight' ? -24 : 0;
        if (step) setDetailWidth(usePreferences.getState().detailWidthPx + step);
      }}
    />
  );
}

export function WaterfallPane({ handle, waterfall, detailPanel, commands, matches, selectedNode }: Props) {
  const theme = useTheme();
  const zoom = useTraceView((s) => s.zoom);
  const find = useTraceView((s) => s.find);
  const errorsOnly = useTraceView((s) => s.errorsOnly);
  const criticalPath = useTraceView((s) => s.criticalPath);
  const widthPx = usePreferences((p) => p.detailWidthPx);
  const view = useMemo(
    () => (zoom ? { startNs: zoom.fromUs * 1000, endNs: zoom.toUs * 1000 } : null),
    [zoom],
  );
  const onSelect = useCallback((node: number) => commands.selectNode(node), [commands]);
  const { highlight, dimOthers } = useHighlight(handle, matches, find);

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
          onViewChange={onViewChange}
          highlight={highlight}
          dimOthers={dimOthers}
          errorsOnly={errorsOnly}
          criticalPath={criticalPath}
          onOpenDetails={commands.openDetails}
          onFocusFind={commands.focusFind}
        />
      </div>
      {selectedNode >= 0 && (
        <>
          <Resizer widthPx={widthPx} />
          <DetailPanel
            ref={detailPanel}
            handle={handle}
            node={selectedNode}
            widthPx={widthPx}
            onClose={commands.clearSelection}
            onSelectNode={(n) => commands.selectNode(n, true)}
          />
        </>
      )}
    </div>
  );
}
