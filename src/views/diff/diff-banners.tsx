/**
 * Honest notes about a comparison: a trace compared with itself, traces whose roots are different
 * operations, an empty side, attributes left out of a big diff, a linked span that is in neither trace.
 */
import type { ReactNode } from 'react';
import { ATTRIBUTE_SPAN_LIMIT } from '../../core/diff/merge-tree.ts';
import { DiffFlag } from '../../core/diff/types.ts';
import { revealInvisible } from '../../core/model/visible-text.ts';
import { diffNodeLabel } from '../../core/share/diff-words.ts';
import { formatCount } from '../format/format.ts';
import { Icon } from '../shell/icons.tsx';
import type { DiffModel } from './diff-model.ts';

function Banner({ tone, kind, children }: { tone: 'info' | 'warning'; kind: string; children: ReactNode }) {
  return (
    <li className={`banner banner-${tone}`} data-kind={kind}>
      <Icon name="warning" />
      <div className="banner-text">{children}</div>
    </li>
  );
}

/** Root pairs whose operations differ: [A's "service name", B's]. */
export function differentRoots(m: DiffModel): [string, string][] {
  const out: [string, string][] = [];
  const t = m.tree;
  for (let k = 0; k < t.nodeCount; k = t.subtreeEnd[k]) {
    if (!(t.flags[k] & DiffFlag.Renamed) || t.aNode[k] < 0 || t.bNode[k] < 0) continue;
    const x = t.aNode[k];
    const b = diffNodeLabel(m, k);
    out.push([
      revealInvisible(`${m.a.strings[m.a.service[x]]} ${m.a.strings[m.a.name[x]]}`),
      revealInvisible(`${b.service} ${b.name}`),
    ]);
  }
  return out;
}

export function DiffBanners({
  model,
  same,
  attributesLeftOut,
  missingSpanId,
}: {
  readonly model: DiffModel;
  readonly same: boolean;
  /** Span attributes are not compared (traces over the limit). */
  readonly attributesLeftOut: boolean;
  readonly missingSpanId: string | null;
}) {
  const roots = differentRoots(model);
  const emptyA = model.a.nodeCount === 0;
  const emptyB = model.b.nodeCount === 0;
  const notes: ReactNode[] = [];
  if (same)
    notes.push(
      <Banner key="same" tone="info" kind="same">
        A and B are the same trace: it is compared with itself, so every span is the same. Pick another trace
        of this operation with <strong>Compare with…</strong> on the trace page.
      </Banner>,
    );
  if (emptyA || emptyB)
    notes.push(
      <Banner key="empty" tone="warning" kind="empty">
        Trace {emptyA ? 'A' : 'B'} has no spans: every span of{' '}
        {emptyA ? 'B shows as only in B' : 'A shows as only in A'}.
      </Banner>,
    );
  if (roots.length > 0)
    notes.push(
      <Banner key="roots" tone="warning" kind="roots">
        The traces start with different operations: A with <strong>{roots[0][0]}</strong>, B with{' '}
        <strong>{roots[0][1]}</strong>. Their roots are set side by side and the calls below are aligned where
        they match, but they may be different requests.
      </Banner>,
    );
  if (attributesLeftOut && !same)
    notes.push(
      <Banner key="attributes" tone="info" kind="attributes">
        Span attributes were not compared (traces over {formatCount(ATTRIBUTE_SPAN_LIMIT)} spans): select a
        row to see its attributes side by side, the changed ones marked.
      </Banner>,
    );
  if (missingSpanId)
    notes.push(
      <Banner key="missing" tone="warning" kind="missing-span">
        The linked span <code className="mono">{missingSpanId}</code> is in neither trace.
      </Banner>,
    );
  if (notes.length === 0) return null;
  return (
    <ul className="trace-banners" aria-label="Notes about this comparison">
      {notes}
    </ul>
  );
}
