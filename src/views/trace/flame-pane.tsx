/**
 * `view=flame`: the flame chart (`flame=time`) or the aggregated flame graph (`flame=agg`) with its
 * controls (mode, colour, weight), the focus breadcrumb, and the span side panel, always there so
 * that selecting a span never moves the bars (in the aggregated graph, the selected span's frame
 * above its details). Mode, colour, weight, focus, selection and
 * the flame chart's zoom live in the URL.
 */
import { type RefObject, useCallback } from 'react';
import { nodeOfSpanId, spanIdOf } from '../../core/layout/trace-columns.ts';
import { setTraceView, useTraceView } from '../../state/trace-view.ts';
import { FLAME_COLOURS, type FlameColour } from '../../state/view-states.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { FlameBreadcrumb } from '../flame/flame-breadcrumb.tsx';
import { FramePanel } from '../flame/frame-panel.tsx';
import { FlameGraph, type FlameGraphApi } from '../flame/index.ts';
import { useTheme } from '../shell/use-theme.ts';
import { SpanSidePanel } from './span-side-panel.tsx';
import type { TraceCommands } from './use-trace-commands.ts';
import { setZoomWindow, useZoomWindow } from './use-zoom-window.ts';

interface Props {
  readonly handle: TraceHandle;
  readonly flame: RefObject<FlameGraphApi | null>;
  readonly detailPanel: RefObject<HTMLElement | null>;
  readonly commands: TraceCommands;
  readonly highlight: Uint32Array | null;
  readonly dimOthers: boolean;
  readonly selectedNode: number;
}

const COLOUR_LABELS: Record<FlameColour, string> = {
  service: 'Service',
  self: 'Self time',
  errors: 'Errors',
};

function Segmented<T extends string>(props: {
  label: string;
  value: T;
  options: readonly (readonly [T, string, string])[];
  onChange: (v: T) => void;
}) {
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">{props.label}</legend>
      {props.options.map(([v, text, title]) => (
        <button
          key={v}
          type="button"
          aria-pressed={props.value === v}
          title={title}
          onClick={() => props.onChange(v)}
        >
          {text}
        </button>
      ))}
    </fieldset>
  );
}

export function FlamePane({
  handle,
  flame,
  detailPanel,
  commands,
  highlight,
  dimOthers,
  selectedNode,
}: Props) {
  const theme = useTheme();
  const mode = useTraceView((s) => s.flame);
  const colour = useTraceView((s) => s.flameColour);
  const weight = useTraceView((s) => s.flameWeight);
  const focus = useTraceView((s) => s.focus);
  const errorsOnly = useTraceView((s) => s.errorsOnly);
  const criticalPath = useTraceView((s) => s.criticalPath);
  const view = useZoomWindow();
  const cols = handle.columns;
  const focusNode = focus ? nodeOfSpanId(cols, focus) : -1;
  const onSelect = useCallback((node: number) => commands.selectNode(node), [commands]);
  const onFocus = useCallback(
    (node: number) =>
      setTraceView({ focus: node >= 0 ? spanIdOf(handle.columns, node) : null, zoom: null }, 'push'),
    [handle],
  );

  return (
    <div className="flame-pane">
      <div className="flame-main">
        <div className="flame-bar">
          <Segmented
            label="Flame graph mode"
            value={mode}
            options={[
              ['time', 'Flame chart', 'Spans on the trace’s time axis'],
              ['agg', 'Aggregated', 'Identical call paths merged into one frame (like a profiler)'],
            ]}
            onChange={(v) => setTraceView({ flame: v, zoom: null })}
          />
          <label className="flame-select">
            Colour by{' '}
            <select
              value={colour}
              onChange={(e) => setTraceView({ flameColour: e.target.value as FlameColour })}
            >
              {FLAME_COLOURS.map((c) => (
                <option key={c} value={c}>
                  {COLOUR_LABELS[c]}
                </option>
              ))}
            </select>
          </label>
          {mode === 'agg' && (
            <Segmented
              label="Frame width"
              value={weight}
              options={[
                ['total', 'Total time', 'Width: the sum of the spans’ durations'],
                ['self', 'Self time', 'Width: the sum of the spans’ self times'],
              ]}
              onChange={(v) => setTraceView({ flameWeight: v })}
            />
          )}
          {focusNode >= 0 && <FlameBreadcrumb cols={cols} focusNode={focusNode} onFocus={onFocus} />}
        </div>
        <div className="flame-host">
          <FlameGraph
            ref={flame}
            handle={handle}
            theme={theme}
            mode={mode}
            colour={colour}
            weight={weight}
            focusNode={focusNode}
            onFocus={onFocus}
            selectedNode={selectedNode}
            onSelect={onSelect}
            view={mode === 'time' ? view : null}
            onViewChange={setZoomWindow}
            highlight={highlight}
            dimOthers={dimOthers}
            errorsOnly={errorsOnly}
            criticalPath={criticalPath}
            onFocusFind={commands.focusFind}
          />
        </div>
      </div>
      <SpanSidePanel
        handle={handle}
        node={selectedNode}
        commands={commands}
        detailPanel={detailPanel}
        above={
          mode === 'agg' && selectedNode >= 0 ? (
            <FramePanel handle={handle} weight={weight} selectedNode={selectedNode} onSelect={onSelect} />
          ) : null
        }
        empty={
          <div className="page-message">
            <p>Click a bar to see its span{mode === 'agg' ? ' and the spans of its frame' : ''}.</p>
            <p className="muted">
              Double-click or Enter focuses its {mode === 'agg' ? 'call path' : 'subtree'}; ↑ ↓ ← → move to
              the parent, first child and siblings; Ctrl+wheel zooms, Shift+wheel pans.
            </p>
          </div>
        }
      />
    </div>
  );
}
