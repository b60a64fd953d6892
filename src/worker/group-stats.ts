/**
 * Statistics grouped by service, operation or an attribute (core/analysis), with each row's nodes
 * for highlighting, and where an attribute's values come from: the span details when they are in
 * the worker (a file; a store trace whose details were fetched or are small enough to fetch), else
 * the store (`details/values`), which computes them without sending the details (a 1M-span trace).
 */
import { attributeStats } from '../core/analysis/attribute-stats.ts';
import {
  type AttributeKeys,
  attributeKeys,
  type RowValues,
  rowValues,
} from '../core/analysis/attribute-values.ts';
import { operationStats, type StatsInputs, serviceStats } from '../core/analysis/stats.ts';
import type { SpanTable } from '../core/model/span-table.ts';
import type { TraceTree } from '../core/tree/types.ts';
import type { DetailLoader } from './detail-loader.ts';
import type { GroupedStats, StatsGrouping } from './protocol.ts';

/** Attributes whose values are kept, so that re-sorting or coming back to one costs no fetch. */
const CACHED_KEYS = 8;

interface Values {
  readonly values: RowValues;
  readonly from: 'details' | 'store';
}

export class AttributeValueSource {
  private readonly cache = new Map<string, Promise<Values>>();
  private keyList: Promise<AttributeKeys> | null = null;

  constructor(
    private readonly table: SpanTable,
    private readonly loader: DetailLoader | null,
    /** Up to this many spans the details are fetched (if not there yet) rather than asking the store. */
    private readonly maxDetailSpans: number,
  ) {}

  private get fromStore(): boolean {
    const l = this.loader;
    return l !== null && !l.details.complete && this.table.count > this.maxDetailSpans;
  }

  /** The details, fetched if they are not all here. */
  private async details(): Promise<SpanTable> {
    await this.loader?.ensureAll();
    return this.table;
  }

  /** A cached promise; a failed one is forgotten, so the next call tries again. */
  private remember<T>(promise: Promise<T>, forget: () => void): Promise<T> {
    promise.catch(forget);
    return promise;
  }

  values(key: string): Promise<Values> {
    let p = this.cache.get(key);
    if (p) {
      this.cache.delete(key);
      this.cache.set(key, p); // most recently used last
      return p;
    }
    const loader = this.loader;
    p = this.remember(
      loader && this.fromStore
        ? loader.attributeValues(key).then((values) => ({ values, from: 'store' as const }))
        : this.details().then((t) => ({ values: rowValues(t, key), from: 'details' as const })),
      () => this.cache.delete(key),
    );
    this.cache.set(key, p);
    if (this.cache.size > CACHED_KEYS) this.cache.delete(this.cache.keys().next().value as string);
    return p;
  }

  keys(): Promise<AttributeKeys> {
    const loader = this.loader;
    this.keyList ??= this.remember(
      loader && this.fromStore ? loader.attributeKeys() : this.details().then(attributeKeys),
      () => {
        this.keyList = null;
      },
    );
    return this.keyList;
  }
}

/** The statistics of one grouping of the tree's nodes. */
export function groupedStats(
  tree: TraceTree,
  grouping: StatsGrouping,
  values: Values | null,
  inputs: StatsInputs,
): GroupedStats {
  if (grouping.by === 'attribute') {
    if (!values) throw new Error('grouping by an attribute needs its values');
    return { grouping, valuesFrom: values.from, ...attributeStats(tree, values.values, inputs) };
  }
  const g = grouping.by === 'service' ? serviceStats(tree, inputs) : operationStats(tree, inputs);
  return { grouping, ...g };
}
