/**
 * The panel beside a canvas view while a span is selected: a resizable splitter and the span's
 * details (and, for the aggregated flame graph, anything a view puts above them).
 */
import type { ReactNode, RefObject } from 'react';
import { DETAIL_WIDTH_RANGE_PX, setDetailWidth, usePreferences } from '../../state/preferences.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { DetailPanel } from '../detail/detail-panel.tsx';
import type { TraceCommands } from './use-trace-commands.ts';

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

interface Props {
  readonly handle: TraceHandle;
  /** The selected node; -1 shows `empty` in its place (a view whose layout must not jump on a click). */
  readonly node: number;
  readonly empty?: ReactNode;
  readonly commands: TraceCommands;
  readonly detailPanel: RefObject<HTMLElement | null>;
  /** Shown above the span's details (the aggregated flame graph's frame). */
  readonly above?: ReactNode;
}

export function SpanSidePanel({ handle, node, commands, detailPanel, above, empty }: Props) {
  const widthPx = usePreferences((p) => p.detailWidthPx);
  const details =
    node < 0 ? (
      <aside className="detail-panel side-empty" style={{ width: widthPx }} aria-label="No span selected">
        {empty}
      </aside>
    ) : (
      <DetailPanel
        ref={detailPanel}
        handle={handle}
        node={node}
        widthPx={widthPx}
        onClose={commands.clearSelection}
        onSelectNode={(n) => commands.selectNode(n, true)}
      />
    );
  return (
    <>
      <Resizer widthPx={widthPx} />
      {above ? (
        <div className="side-stack" style={{ width: widthPx }}>
          {above}
          {details}
        </div>
      ) : (
        details
      )}
    </>
  );
}
