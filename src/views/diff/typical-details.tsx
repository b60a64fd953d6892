/**
 * The selected row of the typical-trace view: how B's span compares with the baselines (presence,
 * p50, p95, this duration, its flag) above the span's details; for a ghost row, the missing span's
 * figures (there is no span to show).
 */
import { TypicalFlag } from '../../core/diff/typical.ts';
import { formatDuration } from '../../render/time-format.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { DetailPanel } from '../detail/detail-panel.tsx';
import { type TypicalModel, typicalLabel } from './typical-model.ts';

function Figures({ m, row }: { readonly m: TypicalModel; readonly row: number }) {
  const r = m.result;
  const y = r.rows.contentOf[row];
  const count = r.baselineCount;
  const field = (label: string, value: string, alert = false) => (
    <div className={alert ? 'stat stat-error' : 'stat'}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  if (y < 0) {
    const g = r.ghosts[r.rows.ghostOf[row]];
    return (
      <section className="typical-figures" aria-label="Against the baselines" data-testid="typical-figures">
        <p>
          <strong className="diff-removed-text">Missing</strong> from this trace: {typicalLabel(m, row)}
        </p>
        <dl className="trace-stats">
          {field('In baselines', `${Math.round(g.presence * count)} of ${count}`)}
          {field('Typical (p50)', formatDuration(g.p50Ns))}
          {field('p95', formatDuration(g.p95Ns))}
        </dl>
      </section>
    );
  }
  const f = r.flags[y];
  const dur = m.b.endNs[y] - m.b.startNs[y];
  const matched = Math.round(r.presence[y] * count);
  return (
    <section className="typical-figures" aria-label="Against the baselines" data-testid="typical-figures">
      <p>
        {f & TypicalFlag.New ? (
          <strong className="diff-added-text">New: in none of the {count} baselines</strong>
        ) : f & TypicalFlag.Slow ? (
          <strong className="diff-slower">Slow: longer than the baselines' p95</strong>
        ) : (
          <span className="muted">As usual</span>
        )}
      </p>
      <dl className="trace-stats">
        {field('This span', formatDuration(dur), (f & TypicalFlag.Slow) !== 0)}
        {field('In baselines', `${matched} of ${count}`)}
        {matched > 0 && field('Typical (p50)', formatDuration(r.p50Ns[y]))}
        {matched > 0 && field('p95', formatDuration(r.p95Ns[y]))}
      </dl>
    </section>
  );
}

export function TypicalDetails({
  m,
  b,
  row,
  onSelectRow,
}: {
  readonly m: TypicalModel;
  readonly b: TraceHandle;
  readonly row: number;
  readonly onSelectRow: (row: number) => void;
}) {
  const y = m.result.rows.contentOf[row];
  return (
    <div className="side-stack typical-side">
      <Figures m={m} row={row} />
      {y >= 0 && (
        <DetailPanel
          handle={b}
          node={y}
          onClose={() => onSelectRow(-1)}
          onSelectNode={(n) => onSelectRow(m.result.rows.rowOfB[n])}
        />
      )}
    </div>
  );
}
