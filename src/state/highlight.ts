/**
 * The group of spans highlighted from the statistics table (a row's spans), drawn like find matches
 * in the waterfall (and the flame graph). UI state: not in the URL, cleared on Esc, by the chip's ✕
 * and when another trace (or another layout of this one: node numbers change) opens. Also the
 * statistics view's grouping, kept while the user switches views.
 */
import { create } from 'zustand';

export interface GroupHighlight {
  /** What is highlighted, as the chip says it: "db.system = postgresql". */
  readonly label: string;
  /** The spans as nodes of the layout `owner`, ascending pre-order. */
  readonly nodes: Uint32Array;
  /** The layout (trace handle serial) the node numbers belong to. */
  readonly owner: number;
  /** The statistics row it came from, so the table shows it selected. */
  readonly rowKey: string;
}

export type StatsGroupBy = 'service' | 'operation' | 'attribute';

export interface HighlightState {
  readonly highlight: GroupHighlight | null;
  readonly groupBy: StatsGroupBy;
  /** The attribute key of `groupBy: 'attribute'` ('' until one is chosen). */
  readonly attributeKey: string;
}

export const useHighlightState = create<HighlightState>(() => ({
  highlight: null,
  groupBy: 'operation',
  attributeKey: '',
}));

export function setHighlight(highlight: GroupHighlight | null): void {
  useHighlightState.setState({ highlight });
}

export function clearHighlight(): void {
  if (useHighlightState.getState().highlight) useHighlightState.setState({ highlight: null });
}

export function setStatsGrouping(groupBy: StatsGroupBy, attributeKey?: string): void {
  useHighlightState.setState((s) => ({ groupBy, attributeKey: attributeKey ?? s.attributeKey }));
}
