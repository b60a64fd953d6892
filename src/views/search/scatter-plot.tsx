/**
 * Found traces as dots: start time across, duration up, errors in red. Hovering a dot names the
 * trace; clicking it opens the trace; dragging across the plot selects a time range, which becomes
 * the search's start and end. The table below is the keyboard's way to the same traces.
 */

import { type PointerEvent, type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { revealInvisible } from '../../core/model/visible-text.ts';
import type { FoundTrace } from '../../data/search-results.ts';
import { formatAbsolute, formatDurationMs, plural } from '../format/format.ts';
import {
  brushSpan,
  durationTicks,
  hitTest,
  type PlotFrame,
  type PlotPoint,
  plotScales,
  pointPixels,
  timeTicks,
} from './scatter-model.ts';

interface Props {
  readonly traces: readonly FoundTrace[];
  readonly range: { readonly startMs: number | null; readonly endMs: number | null };
  readonly nowMs: number;
  /** The trace highlighted from the table, or null. */
  readonly highlighted: string | null;
  readonly onHover: (traceId: string | null) => void;
  readonly onOpen: (traceId: string, newTab: boolean) => void;
  readonly onBrush: (startMs: number, endMs: number) => void;
}

const HEIGHT_PX = 240;
const MARGIN = { top: 12, right: 16, bottom: 28, left: 64 };

function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) =>
      setWidth(Math.max(200, Math.floor(entry.contentRect.width))),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export function ScatterPlot({ traces, range, nowMs, highlighted, onHover, onOpen, onBrush }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const widthPx = useWidth(box);
  const [hover, setHover] = useState<number>(-1);
  const [drag, setDrag] = useState<{ x0: number; x1: number; moved: boolean } | null>(null);

  const points = useMemo(
    (): PlotPoint[] =>
      traces
        .filter((t) => t.startMs !== null)
        .map((t) => ({
          traceId: t.traceId,
          startMs: t.startMs!,
          durationMs: t.durationMs ?? 0,
          error: t.hasError,
        })),
    [traces],
  );
  const scales = useMemo(() => {
    const frame: PlotFrame = { widthPx, heightPx: HEIGHT_PX, margin: MARGIN };
    return plotScales(points, frame, range, nowMs);
  }, [points, widthPx, range, nowMs]);
  const pixels = useMemo(() => pointPixels(points, scales), [points, scales]);
  const yTicks = durationTicks(scales);
  const xTicks = timeTicks(scales);
  const byId = useMemo(() => new Map(traces.map((t) => [t.traceId, t])), [traces]);
  const highlightIndex = highlighted ? points.findIndex((p) => p.traceId === highlighted) : -1;
  const shown = hover >= 0 ? hover : highlightIndex;
  const errors = points.filter((p) => p.error).length;

  const local = (e: PointerEvent) => {
    const r = (e.currentTarget as Element).getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const onPointerMove = (e: PointerEvent) => {
    const { x, y } = local(e);
    if (drag) {
      setDrag({ ...drag, x1: x, moved: drag.moved || Math.abs(x - drag.x0) > 3 });
      return;
    }
    const i = hitTest(pixels, points, x, y);
    if (i !== hover) {
      setHover(i);
      onHover(i >= 0 ? points[i].traceId : null);
    }
  };
  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    const { x } = local(e);
    setDrag({ x0: x, x1: x, moved: false });
  };
  const onPointerUp = (e: PointerEvent) => {
    if (!drag) return;
    setDrag(null);
    const span = drag.moved ? brushSpan(scales, drag.x0, drag.x1) : null;
    if (span) {
      onBrush(span[0], span[1]);
      return;
    }
    const { x, y } = local(e);
    const i = hitTest(pixels, points, x, y);
    if (i >= 0) onOpen(points[i].traceId, e.ctrlKey || e.metaKey);
  };
  const onPointerLeave = () => {
    if (hover >= 0) onHover(null);
    setHover(-1);
  };

  const tip = shown >= 0 ? byId.get(points[shown].traceId) : undefined;
  const tipPx = shown >= 0 ? pixels[shown] : null;
  const brush = drag?.moved ? [Math.min(drag.x0, drag.x1), Math.max(drag.x0, drag.x1)] : null;
  const order = points.map((_, i) => i).sort((a, b) => Number(points[a].error) - Number(points[b].error));

  return (
    <div className="scatter" ref={box} data-testid="search-plot">
      <svg
        width={widthPx}
        height={HEIGHT_PX}
        role="img"
        aria-label={`Duration over start time of ${plural(points.length, 'trace')}, ${errors} in error${
          scales.yLog ? ' (duration on a log scale)' : ''
        }. Drag across the plot to search that time range.`}
      >
        <g className="scatter-grid">
          {yTicks.map((t) => (
            <g key={`y${t.value}`}>
              <line x1={scales.left} x2={scales.right} y1={t.px} y2={t.px} />
              <text x={scales.left - 8} y={t.px} dy="0.32em" textAnchor="end">
                {t.label}
              </text>
            </g>
          ))}
          {xTicks.map((t) => (
            <g key={`x${t.value}`}>
              <line x1={t.px} x2={t.px} y1={scales.top} y2={scales.bottom} />
              <text x={t.px} y={scales.bottom + 18} textAnchor="middle">
                {t.label}
              </text>
            </g>
          ))}
        </g>
        <rect
          className="scatter-frame"
          x={scales.left}
          y={scales.top}
          width={scales.right - scales.left}
          height={scales.bottom - scales.top}
        />
        {brush && (
          <rect
            className="scatter-brush"
            x={brush[0]}
            y={scales.top}
            width={brush[1] - brush[0]}
            height={scales.bottom - scales.top}
          />
        )}
        <g className="scatter-dots">
          {order.map((i) => (
            <circle
              key={points[i].traceId}
              className={points[i].error ? 'scatter-dot error' : 'scatter-dot'}
              cx={pixels[i].xPx}
              cy={pixels[i].yPx}
              r={3.5}
            />
          ))}
        </g>
        {tipPx && (
          <circle
            className={`scatter-focus${points[shown].error ? ' error' : ''}`}
            cx={tipPx.xPx}
            cy={tipPx.yPx}
            r={6.5}
          />
        )}
        <rect
          className="scatter-hit"
          data-testid="search-plot-area"
          x={0}
          y={0}
          width={widthPx}
          height={HEIGHT_PX}
          style={{ cursor: hover >= 0 && !drag?.moved ? 'pointer' : 'crosshair' }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => setDrag(null)}
          onPointerLeave={onPointerLeave}
        />
      </svg>
      {tip && tipPx && !drag?.moved && (
        <div
          className="scatter-tip"
          role="status"
          style={{
            left: Math.min(tipPx.xPx + 12, widthPx - 260),
            top: Math.max(0, tipPx.yPx - 64),
          }}
        >
          <div className="scatter-tip-title">
            <span className="service-chip">{revealInvisible(tip.rootService ?? '(no root yet)')}</span>{' '}
            <strong>{revealInvisible(tip.rootName ?? '(unknown operation)')}</strong>
          </div>
          <div className="muted">
            {formatDurationMs(tip.durationMs)} · {tip.startMs === null ? '–' : formatAbsolute(tip.startMs)}
            {tip.hasError && <span className="error-text"> · error</span>}
          </div>
        </div>
      )}
    </div>
  );
}
