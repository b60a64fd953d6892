/**
 * The selected row's two spans side by side (the span detail panel, reused): A's and B's, the span
 * attributes that differ marked on both, and above them what changed: duration, self time, status,
 * the number of changed attributes. A side without the span says so.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { attributeChanges } from '../../core/diff/attributes.ts';
import { STATUS_NAMES } from '../../core/model/types.ts';
import { formatDuration } from '../../render/time-format.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { DetailPanel } from '../detail/detail-panel.tsx';
import { handleSerial } from '../trace/use-trace-handle.ts';
import type { DiffModel } from './diff-model.ts';
import { changeNote, formatDelta, formatRatio } from './diff-row-maps.ts';

function useNodeDetails(handle: TraceHandle, node: number) {
  // The detail panel's own query: one request per span, shared.
  return useQuery({
    queryKey: ['details', handleSerial(handle), node],
    queryFn: () => handle.details(node),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30_000,
    enabled: node >= 0,
  });
}

interface Props {
  readonly model: DiffModel;
  readonly a: TraceHandle;
  readonly b: TraceHandle;
  readonly node: number;
  readonly onSelect: (node: number) => void;
}

export function DiffDetails({ model, a, b, node, onSelect }: Props) {
  const t = model.tree;
  const x = t.aNode[node];
  const y = t.bNode[node];
  const dA = useNodeDetails(a, x).data;
  const dB = useNodeDetails(b, y).data;
  const changed = useMemo(() => {
    if (!dA?.details || !dB?.details) return undefined;
    return new Set(attributeChanges(dA.details.attributes, dB.details.attributes).map((c) => c.key));
  }, [dA, dB]);
  const durA = x >= 0 ? model.a.endNs[x] - model.a.startNs[x] : Number.NaN;
  const durB = y >= 0 ? model.b.endNs[y] - model.b.startNs[y] : Number.NaN;
  const note = changeNote(model, node);
  return (
    <section className="diff-details" aria-label="The selected span in A and in B" data-testid="diff-details">
      <p className="diff-compare-line">
        {x >= 0 && y >= 0 ? (
          <>
            <span>
              Duration {formatDuration(durA)} → {formatDuration(durB)}{' '}
              <strong className={durB > durA ? 'diff-slower' : durB < durA ? 'diff-faster' : undefined}>
                ({formatDelta(durB - durA)}
                {durA !== durB ? `, ${durB > durA ? 'slower' : 'faster'} ${formatRatio(durA, durB)}` : ''})
              </strong>
            </span>
            <span>Self time {formatDelta(t.selfDeltaNs[node])}</span>
            {dA && dB && dA.status !== dB.status && (
              <span className="diff-removed-text">
                Status {STATUS_NAMES[dA.status] ?? dA.status} → {STATUS_NAMES[dB.status] ?? dB.status}
              </span>
            )}
            {changed && (
              <span className={changed.size ? 'diff-changed-text' : 'muted'}>
                {changed.size === 0
                  ? 'Same span attributes'
                  : `${changed.size} span attribute${changed.size === 1 ? '' : 's'} changed`}
              </span>
            )}
          </>
        ) : (
          <span>
            {note === 'added in B'
              ? 'Only in B: A has no such span here.'
              : 'Only in A: B has no such span here.'}
          </span>
        )}
        {note && x >= 0 && y >= 0 && <span className="muted">{note}</span>}
      </p>
      <div className="diff-details-pair">
        <SideDetails
          side="A"
          what="baseline"
          handle={a}
          node={x}
          absent="No span here in A: B added it."
          changedKeys={changed}
          onSelect={(n) => onSelect(n < 0 ? -1 : t.nodeOfA[n])}
        />
        <SideDetails
          side="B"
          what="under study"
          handle={b}
          node={y}
          absent="No span here in B: it was in A only (removed)."
          changedKeys={changed}
          onSelect={(n) => onSelect(n < 0 ? -1 : t.nodeOfB[n])}
        />
      </div>
    </section>
  );
}

interface SideProps {
  readonly side: 'A' | 'B';
  readonly what: string;
  readonly handle: TraceHandle;
  /** The span of this side's trace, or -1 when the row has none there. */
  readonly node: number;
  /** What the side says when it has no span. */
  readonly absent: string;
  readonly changedKeys: ReadonlySet<string> | undefined;
  /** A node of this side's trace, or -1 to close. */
  readonly onSelect: (node: number) => void;
}

/** One side's span details (the span detail panel), or a note that this side has no span here. */
function SideDetails({ side, what, handle, node, absent, changedKeys, onSelect }: SideProps) {
  const label = `Span details in ${side}`;
  if (node < 0)
    return (
      <aside className="detail-panel diff-no-span" aria-label={label}>
        <SideTitle side={side} what={what} />
        <p className="muted">{absent}</p>
      </aside>
    );
  return (
    <DetailPanel
      handle={handle}
      node={node}
      title={<SideTitle side={side} what={what} />}
      label={label}
      changedKeys={changedKeys}
      onClose={() => onSelect(-1)}
      onSelectNode={onSelect}
    />
  );
}

function SideTitle({ side, what }: { readonly side: 'A' | 'B'; readonly what: string }) {
  return (
    <span className="diff-side-title">
      <span className="diff-side-letter">{side}</span> <span className="muted">{what}</span>
    </span>
  );
}
