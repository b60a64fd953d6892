/**
 * A trace diff in words (DESIGN §6): a merged node's label, the first divergence and a self-time
 * regression as sentences, said alike by the diff page's summary bar, "copy for incident" and the
 * diff's link preview. Durations are spelled by the caller's function (render/time-format.ts).
 */
import type { Divergence, Regression } from '../diff/summary.ts';
import type { TraceDiff } from '../diff/types.ts';
import type { TraceColumns } from '../layout/trace-columns.ts';

type Labels = Pick<TraceColumns, 'strings' | 'service' | 'name'>;

/** What the words read of a diff: the merged tree's sides and both traces' labels. */
export interface DiffSides {
  readonly tree: Pick<TraceDiff, 'aNode' | 'bNode'>;
  readonly a: Labels;
  readonly b: Labels;
}

export type FormatDuration = (ns: number) => string;

/** Service and name of merged node k, from B (or A for a removed span). */
export function diffNodeLabel(m: DiffSides, k: number): { service: string; name: string } {
  const y = m.tree.bNode[k];
  const cols = y >= 0 ? m.b : m.a;
  const n = y >= 0 ? y : m.tree.aNode[k];
  return { service: cols.strings[cols.service[n]], name: cols.strings[cols.name[n]] };
}

/** "service name" of merged node k (the name alone when it has no service). */
export function diffNodeText(m: DiffSides, k: number): string {
  const { service, name } = diffNodeLabel(m, k);
  return service ? `${service} ${name}` : name;
}

export function divergenceText(m: DiffSides, d: Divergence, duration: FormatDuration): string {
  const at = `at +${duration(d.atNs)}`;
  const what = diffNodeText(m, d.node);
  switch (d.reason) {
    case 'added':
      return `B calls ${what}, A does not (${at})`;
    case 'removed':
      return `B does not call ${what}, A does (${at})`;
    case 'renamed': {
      const x = m.tree.aNode[d.node];
      const before = `${m.a.strings[m.a.service[x]]} ${m.a.strings[m.a.name[x]]}`;
      return `${before} became ${what} (${at})`;
    }
    case 'kind':
      return `${what} is another kind of span (${at})`;
    case 'status':
      return `${what} ends with another status (${at})`;
  }
}

/** "db SELECT +4.2 ms self (1.1 ms → 5.3 ms)". */
export function regressionText(m: DiffSides, r: Regression, duration: FormatDuration): string {
  return `${diffNodeText(m, r.node)} +${duration(r.deltaNs)} self (${duration(r.selfANs)} → ${duration(r.selfBNs)})`;
}
