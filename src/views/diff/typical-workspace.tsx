/**
 * The typical-trace view: trace B's waterfall with every row set against the baselines (new rows,
 * slow ones tinted by how far past the p95, ghost rows where a usual call is missing, the baseline
 * p50 as an outline on each bar), the summary naming the earliest flagged row, `n`/`N` through the
 * flagged rows, and the selected row's figures beside its span's details.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { TypicalFlag } from '../../core/diff/typical.ts';
import { RowTint } from '../../core/layout/row-tint.ts';
import { formatDuration } from '../../render/time-format.ts';
import { setTypicalView, useTypicalView } from '../../state/diff-view.ts';
import { useUi } from '../../state/ui.ts';
import { diffHref } from '../../state/url.ts';
import { DEFAULT_TYPICAL_N, MAX_TYPICAL_N } from '../../state/view-states.ts';
import { formatCount } from '../format/format.ts';
import { Link } from '../link.tsx';
import { Icon } from '../shell/icons.tsx';
import { isTypingTarget } from '../shell/shortcuts.ts';
import { useTheme } from '../shell/use-theme.ts';
import { TraceHeader } from '../trace/trace-header.tsx';
import { Waterfall } from '../waterfall/index.ts';
import { TintLegend } from './diff-toolbar.tsx';
import { TypicalDetails } from './typical-details.tsx';
import {
  rowOfTypicalSpan,
  typicalLabel,
  typicalModel,
  typicalNote,
  typicalRowMap,
  typicalSpanId,
} from './typical-model.ts';
import { copyCurrentLink } from './use-diff-commands.ts';
import type { TypicalSession } from './use-typical-session.ts';

const N_CHOICES = [5, 10, DEFAULT_TYPICAL_N, 50, MAX_TYPICAL_N];
const LEGEND: readonly [number, string][] = [
  [RowTint.Added, 'new'],
  [RowTint.Removed, 'missing'],
  [RowTint.Slower1, 'slow'],
  [RowTint.Slower3, 'slow, 2× its p95'],
];
export const TYPICAL_RENDERED_MARK = 'spanscope:typical-rendered';

export function TypicalWorkspace({ session }: { readonly session: TypicalSession }) {
  const { b, result } = session;
  const model = useMemo(() => typicalModel(result, b.columns), [result, b]);
  const rowMap = useMemo(() => typicalRowMap(model), [model]);
  const theme = useTheme();
  const n = useTypicalView((s) => s.n);
  const spanId = useTypicalView((s) => s.spanId);
  const [ghostRow, setGhostRow] = useState(-1);
  const selected = ghostRow >= 0 ? ghostRow : rowOfTypicalSpan(model, spanId);
  const select = useCallback(
    (row: number) => {
      const id = typicalSpanId(model, row);
      setGhostRow(row >= 0 && !id ? row : -1);
      setTypicalView({ spanId: id });
    },
    [model],
  );
  const step = useCallback(
    (dir: 1 | -1) => {
      const f = model.flagged;
      if (f.length === 0) return;
      const i =
        dir > 0 ? f.findIndex((r) => r > selected) : f.findLastIndex((r) => r < selected || selected < 0);
      select(f[i >= 0 ? i : dir > 0 ? 0 : f.length - 1]);
    },
    [model, selected, select],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e.target) || useUi.getState().helpOpen) return;
      const act = { n: () => step(1), N: () => step(-1), y: copyCurrentLink, Escape: () => select(-1) }[
        e.key
      ];
      if (!act) return;
      e.preventDefault();
      void act();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [step, select]);

  const counts = { new: 0, slow: 0 };
  for (let y = 0; y < result.flags.length; y++) {
    const top = b.columns.parent[y];
    if (result.flags[y] & TypicalFlag.New && (top < 0 || !(result.flags[top] & TypicalFlag.New)))
      counts.new++;
    if (result.flags[y] & TypicalFlag.Slow) counts.slow++;
  }
  const earliest = model.earliestRow;
  const fewRecent = session.foundBy === 'recent' && result.baselineCount > 0 && result.baselineCount < n;
  return (
    <div className="trace-workspace diff-workspace" data-testid="typical-workspace">
      <TraceHeader handle={b} />
      <div className="trace-toolbar diff-toolbar">
        <label className="typical-n">
          Against the last{' '}
          <select
            value={n}
            onChange={(e) => setTypicalView({ n: Number(e.target.value), spanId: null }, 'push')}
          >
            {[...new Set([...N_CHOICES, n])]
              .sort((x, y) => x - y)
              .map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
          </select>{' '}
          traces of this operation
        </label>
        <div className="toolbar-group diff-steps">
          <button
            type="button"
            className="icon-button"
            onClick={() => step(-1)}
            aria-label="Previous flagged span"
            title="Previous flagged span (Shift+N)"
          >
            <Icon name="up" />
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={() => step(1)}
            aria-label="Next flagged span"
            title="Next flagged span (n)"
          >
            <Icon name="down" />
          </button>
          <span className="muted">{formatCount(model.flagged.length)} flagged</span>
        </div>
        <TintLegend items={LEGEND} />
        <div className="toolbar-group toolbar-end">
          <button
            type="button"
            className="button"
            onClick={() => void copyCurrentLink()}
            title="Copy a link to this view (y)"
          >
            <Icon name="link" />
            <span>Copy link</span>
          </button>
        </div>
      </div>
      <section className="diff-summary" aria-label="Against the typical trace" data-testid="typical-summary">
        <p className="diff-counts">
          Compared with <strong>{formatCount(result.baselineCount)}</strong> traces of{' '}
          <strong>
            {session.rootService} {session.rootName}
          </strong>{' '}
          · <strong className={counts.new ? 'diff-added-text' : undefined}>{formatCount(counts.new)}</strong>{' '}
          new ·{' '}
          <strong className={counts.slow ? 'diff-slower' : undefined}>{formatCount(counts.slow)}</strong> slow
          ·{' '}
          <strong className={result.ghosts.length ? 'diff-removed-text' : undefined}>
            {formatCount(result.ghosts.length)}
          </strong>{' '}
          missing
        </p>
        <div className="diff-facts">
          <div className="diff-fact">
            <span className="diff-fact-label">Earliest flag</span>
            {earliest >= 0 && result.earliest ? (
              <button type="button" className="link-button diff-divergence" onClick={() => select(earliest)}>
                {`${typicalLabel(model, earliest)} (at +${formatDuration(result.earliest.atNs)}) is ${typicalNote(model, earliest)}`}
              </button>
            ) : (
              <span className="muted">nothing: this trace looks like the others</span>
            )}
          </div>
          {session.baselines.length > 0 && (
            <details className="diff-fact typical-baselines">
              <summary className="diff-fact-label">Baselines</summary>
              <ul className="diff-items">
                {session.baselines.map((t) => (
                  <li key={t.traceId}>
                    <Link
                      href={diffHref(t.traceId, b.traceId)}
                      className="mono"
                      title="Diff this trace against it"
                    >
                      {t.traceId.slice(0, 12)}…
                    </Link>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      </section>
      {(result.baselineCount === 0 || session.skipped > 0 || fewRecent) && (
        <ul className="trace-banners" aria-label="Notes about this comparison">
          {result.baselineCount === 0 && (
            <li className="banner banner-warning" data-kind="no-baselines">
              <Icon name="warning" />
              <div className="banner-text">
                No other trace of {session.rootService} {session.rootName} is in the store: nothing to compare
                with.
              </div>
            </li>
          )}
          {session.skipped > 0 && (
            <li className="banner banner-info" data-kind="skipped">
              <Icon name="warning" />
              <div className="banner-text">
                {formatCount(session.skipped)} of the traces found could not be opened and were left out.
              </div>
            </li>
          )}
          {fewRecent && (
            <li className="banner banner-info" data-kind="recent">
              <Icon name="warning" />
              <div className="banner-text">
                Only {formatCount(result.baselineCount)} traces of this operation are among the store's most
                recent ones.
              </div>
            </li>
          )}
        </ul>
      )}
      <div className="trace-body">
        <div className="waterfall-pane">
          <div className="waterfall-host">
            <Waterfall
              handle={b}
              theme={theme}
              selectedNode={selected}
              onSelect={select}
              rowMap={rowMap}
              minimap={false}
              renderedMark={null}
              onFirstFrame={() =>
                performance.mark(TYPICAL_RENDERED_MARK, {
                  detail: {
                    spanCount: b.summary.spanCount,
                    baselines: result.baselineCount,
                    timingsMs: result.timingsMs,
                  },
                })
              }
              label={`Waterfall of trace ${b.traceId} against the typical trace`}
            />
          </div>
          {selected >= 0 && <TypicalDetails m={model} b={b} row={selected} onSelectRow={select} />}
        </div>
      </div>
    </div>
  );
}
