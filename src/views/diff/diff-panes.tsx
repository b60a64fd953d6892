/**
 * The diff's canvases: two waterfalls side by side over the merged tree (A's spans and B's, rows
 * aligned, a gap where a span is on one side only), sharing rows, scroll and hover, and the time
 * window on the shared axis; or one merged waterfall (B solid, A as outlines). Sets
 * `spanscope:diff-rendered` once every pane has drawn its first complete frame.
 */
import { useCallback, useMemo, useRef } from 'react';
import { useDiffView } from '../../state/diff-view.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { useTheme } from '../shell/use-theme.ts';
import { Waterfall, WaterfallSync } from '../waterfall/index.ts';
import type { DiffModel } from './diff-model.ts';
import { mergedRowMap, sideRowMap } from './diff-row-maps.ts';

export const DIFF_RENDERED_MARK = 'spanscope:diff-rendered';

/** Calls back once per pair of traces when `panes` panes have drawn: the diff's rendered mark, then `onDrawn`. */
function useRenderedMark(
  model: DiffModel,
  a: TraceHandle,
  b: TraceHandle,
  panes: number,
  onDrawn: (() => void) | undefined,
): () => void {
  const state = useRef<{ a: TraceHandle | null; b: TraceHandle | null; drawn: number }>({
    a: null,
    b: null,
    drawn: 0,
  });
  return useCallback(() => {
    const s = state.current;
    if (s.a !== a || s.b !== b) state.current = { a, b, drawn: 0 };
    const now = state.current;
    if (++now.drawn !== panes) return;
    const spanCountA = a.summary.spanCount;
    const spanCountB = b.summary.spanCount;
    performance.mark(DIFF_RENDERED_MARK, {
      detail: {
        spanCount: spanCountA + spanCountB,
        spanCountA,
        spanCountB,
        mergedNodes: model.tree.nodeCount,
        // The worker's time per phase of the diff (details, align, merge, summary), for benchmarks.
        timingsMs: model.result.timingsMs,
      },
    });
    onDrawn?.();
  }, [model, a, b, panes, onDrawn]);
}

interface Props {
  readonly model: DiffModel;
  readonly a: TraceHandle;
  readonly b: TraceHandle;
  readonly selected: number;
  readonly onSelect: (node: number) => void;
  /** Called once both traces' panes have drawn their first frame. */
  readonly onDrawn?: () => void;
}

export function DiffPanes({ model, a, b, selected, onSelect, onDrawn }: Props) {
  const theme = useTheme();
  const mode = useDiffView((s) => s.mode);
  const only = useDiffView((s) => s.only);
  const axis = useDiffView((s) => s.axis);
  const shared = axis === 'shared' || mode === 'merged';
  const sync = useMemo(() => new WaterfallSync(true), []);
  sync.shareTime = shared;
  // A new array re-applies the collapse: with `only`, for every new answer (its identical subtrees);
  // without, only when the rows' structure changes (the user's own collapses stay).
  const collapseKey = only ? model : model.structure;
  // biome-ignore lint/correctness/useExhaustiveDependencies: collapseKey says when to apply it again.
  const collapsed = useMemo(() => (only ? model.identicalTops : new Uint32Array(0)), [only, collapseKey]);
  const mapA = useMemo(() => sideRowMap(model, 'A'), [model]);
  const mapB = useMemo(() => sideRowMap(model, 'B'), [model]);
  const merged = useMemo(() => (mode === 'merged' ? mergedRowMap(model) : null), [model, mode]);
  const onFirstFrame = useRenderedMark(model, a, b, 2, onDrawn);
  const common = {
    theme,
    selectedNode: selected,
    onSelect,
    sync,
    collapsed,
    minimap: false,
    renderedMark: null,
    onFirstFrame,
    timeRangeNs: shared ? model.durationNs : null,
  };
  if (merged)
    return (
      <div className="diff-panes diff-panes-merged">
        <section className="diff-pane" aria-label="A and B merged">
          <p className="diff-pane-caption">
            <span className="diff-side-letter">B</span> solid, <span className="diff-side-letter">A</span> as
            outlines · one relative time axis from each trace's start
          </p>
          <div className="waterfall-host">
            <Waterfall
              {...common}
              // One pane: its first frame is the diff's.
              onFirstFrame={() => {
                onFirstFrame();
                onFirstFrame();
              }}
              handle={b}
              rowMap={merged}
              label={`Merged diff: B ${b.traceId} solid, A ${a.traceId} as outlines`}
            />
          </div>
        </section>
      </div>
    );
  return (
    <div className="diff-panes">
      <section className="diff-pane" aria-label="A, the baseline">
        <p className="diff-pane-caption">
          <span className="diff-side-letter">A</span> baseline{shared ? ' · shared relative axis' : ''}
        </p>
        <div className="waterfall-host">
          <Waterfall
            {...common}
            handle={a}
            rowMap={mapA}
            label={`A (baseline): waterfall of trace ${a.traceId}`}
          />
        </div>
      </section>
      <section className="diff-pane" aria-label="B, under study">
        <p className="diff-pane-caption">
          <span className="diff-side-letter">B</span> under study{shared ? ' · shared relative axis' : ''}
        </p>
        <div className="waterfall-host">
          <Waterfall
            {...common}
            handle={b}
            rowMap={mapB}
            label={`B (under study): waterfall of trace ${b.traceId}`}
          />
        </div>
      </section>
    </div>
  );
}
