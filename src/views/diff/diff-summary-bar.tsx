/**
 * The diff in a few lines (DESIGN §6): counts; the first divergence (a click jumps there); errors only
 * in B; the largest self-time regressions; repeated calls whose counts differ. Every item selects its
 * row in the panes.
 */
import { useMemo } from 'react';
import { formatCount } from '../format/format.ts';
import type { DiffModel } from './diff-model.ts';
import { SHOWN_ITEMS, type SummaryItem, summaryBarData } from './summary-model.ts';

function Items({
  items,
  total,
  onJump,
  className,
}: {
  items: readonly SummaryItem[];
  total?: number;
  onJump: (node: number) => void;
  className?: string;
}) {
  return (
    <ul className="diff-items">
      {items.map((it, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt per diff, positional.
        <li key={i}>
          <button type="button" className={`link-button ${className ?? ''}`} onClick={() => onJump(it.node)}>
            {it.text}
          </button>
        </li>
      ))}
      {total !== undefined && total > items.length && (
        <li className="muted">and {formatCount(total - items.length)} more</li>
      )}
    </ul>
  );
}

/** Regressions are long lines: three keep the bar short. */
const SHOWN_REGRESSIONS = 3;

export function DiffSummaryBar({
  model,
  onJump,
}: {
  readonly model: DiffModel;
  readonly onJump: (node: number) => void;
}) {
  const data = useMemo(() => summaryBarData(model), [model]);
  const c = data.counts;
  return (
    <section className="diff-summary" aria-label="Summary of the differences" data-testid="diff-summary">
      <p className="diff-counts">
        <strong>{formatCount(c.matched)}</strong> matched
        {c.changed > 0 && <span className="muted"> ({formatCount(c.changed)} changed)</span>} ·{' '}
        <strong className={c.added ? 'diff-added-text' : undefined}>{formatCount(c.added)}</strong> only in B
        · <strong className={c.removed ? 'diff-removed-text' : undefined}>{formatCount(c.removed)}</strong>{' '}
        only in A
      </p>
      <div className="diff-facts">
        <div className="diff-fact">
          <span className="diff-fact-label">First divergence</span>
          {data.firstDivergence ? (
            <button
              type="button"
              className="link-button diff-divergence"
              onClick={() => onJump(data.firstDivergence!.node)}
              title="Select it (the earliest moment B differs from A)"
            >
              {data.firstDivergence.text}
            </button>
          ) : (
            <span className="muted">none: the two traces have the same spans, kinds and statuses</span>
          )}
        </div>
        {data.errorsOnlyInBCount > 0 && (
          <div className="diff-fact">
            <span className="diff-fact-label">Errors only in B</span>
            <Items
              items={data.errorsOnlyInB}
              total={data.errorsOnlyInBCount}
              onJump={onJump}
              className="error-text"
            />
          </div>
        )}
        {data.regressions.length > 0 && (
          <div className="diff-fact">
            <span className="diff-fact-label">Self time up</span>
            <Items items={data.regressions.slice(0, SHOWN_REGRESSIONS)} onJump={onJump} />
          </div>
        )}
        {data.repeatedCalls.length > 0 && (
          <div className="diff-fact">
            <span className="diff-fact-label">Repeated calls</span>
            <Items
              items={data.repeatedCalls.slice(0, SHOWN_ITEMS)}
              total={data.repeatedCalls.length}
              onJump={onJump}
            />
          </div>
        )}
      </div>
    </section>
  );
}
