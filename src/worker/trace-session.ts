/**
 * One open trace inside the worker: the span table, its tree and the answers to the main thread's
 * calls (columns, details, find, critical path, export). Pure over core; no messaging here.
 */

import type { AttributeKeys } from '../core/analysis/attribute-values.ts';
import { criticalPath as computeCriticalPath } from '../core/analysis/critical-path.ts';
import { selfTimes } from '../core/analysis/self-time.ts';
import { operationStats, serviceStats } from '../core/analysis/stats.ts';
import { DETAILS_IN_WORKER_MAX_SPANS } from '../core/api/detail-limits.ts';
import { columnsFromTree, nodeLabels } from '../core/layout/columns-from-tree.ts';
import { aggregateFlame } from '../core/layout/flame-aggregate.ts';
import { aggregateLayout, type FlameWeight } from '../core/layout/flame-aggregate-layout.ts';
import { type FlameTimeLayout, flameTimeLayout } from '../core/layout/flame-time-layout.ts';
import { parentIdAt, type SpanTable } from '../core/model/span-table.ts';
import { attrValueToString } from '../core/model/types.ts';
import { buildTree } from '../core/tree/build-tree.ts';
import type { TraceTree } from '../core/tree/types.ts';
import type { DetailLoader } from './detail-loader.ts';
import { AttributeValueSource, groupedStats } from './group-stats.ts';
import type {
  AggregatedFlame,
  CriticalPath,
  ExportFormat,
  GroupedStats,
  NodeDetails,
  OpenedTrace,
  StatsGrouping,
  TraceStats,
} from './protocol.ts';

/**
 * Above this many spans of a store trace (its details deferred), find does not fetch every span's
 * details: it asks the store which spans' details contain the text. A trace whose details are all in
 * the worker (a file) is searched here whatever its size.
 */
export const FIND_ATTRIBUTES_MAX_SPANS = DETAILS_IN_WORKER_MAX_SPANS;

/** Needle characters that may be written differently in a span's raw detail JSON (see rawCandidates). */
const RAW_UNSAFE = /[^\x20-\x7e]|["\\,:[\]{}]/;

export class TraceSession {
  private tree: TraceTree;
  private selfNs: Float64Array;
  private critical: CriticalPath | null = null;
  private skew: boolean;
  private readonly attributes: AttributeValueSource;

  constructor(
    readonly table: SpanTable,
    readonly traceIds: readonly string[],
    adjustClockSkew: boolean,
    /** Fetches the details when the store deferred them (null: they are in the table). */
    private readonly loader: DetailLoader | null = null,
    /** The tree when it was already built with this skew setting (a file's list built it). */
    tree?: TraceTree,
  ) {
    this.tree = tree ?? buildTree(table, { adjustClockSkew });
    this.selfNs = selfTimes(this.tree);
    this.skew = adjustClockSkew;
    this.attributes = new AttributeValueSource(table, loader, FIND_ATTRIBUTES_MAX_SPANS);
  }

  /** The laid-out trace; its arrays are fresh copies, safe to transfer. */
  opened(timingsMs: Readonly<Record<string, number>> = {}): OpenedTrace {
    const t = this.tree;
    return {
      traceId: this.table.traceId,
      format: this.table.format,
      baseNs: this.table.baseNs,
      columns: columnsFromTree(t, this.selfNs),
      summary: t.summary,
      warnings: t.warnings,
      clockSkewAdjusted: this.skew,
      traceIds: this.traceIds,
      timingsMs,
    };
  }

  setClockSkew(on: boolean): OpenedTrace {
    if (on !== this.skew) {
      this.skew = on;
      this.tree = buildTree(this.table, { adjustClockSkew: on });
      this.selfNs = selfTimes(this.tree);
      this.critical = null;
    }
    return this.opened();
  }

  async details(node: number): Promise<NodeDetails> {
    const t = this.tree;
    if (!(node >= 0 && node < t.nodeCount))
      throw new RangeError(`node ${node} is outside 0..${t.nodeCount - 1}`);
    const r = t.row[node];
    const table = this.table;
    const synthetic = r < 0;
    if (!synthetic) await this.loader?.ensure(r);
    const rawStart = synthetic ? Number.NaN : table.startNs[r];
    return {
      node,
      traceId: table.traceId,
      spanId: t.spanIdOf(node),
      parentSpanId: synthetic ? '' : parentIdAt(table, r),
      service: synthetic ? '' : table.strings[table.services[r]],
      name: synthetic ? '' : table.strings[table.names[r]],
      kind: synthetic ? 0 : table.kinds[r],
      status: synthetic ? 0 : table.statuses[r],
      startNs: t.startNs[node],
      durNs: t.endNs[node] - t.startNs[node],
      selfNs: this.selfNs[node],
      absoluteStartNs: Number.isNaN(rawStart) ? null : table.baseNs + BigInt(Math.round(rawStart)),
      flags: t.nodeFlags[node],
      details: synthetic ? null : table.details(r),
    };
  }

  /**
   * Nodes whose service, name or span id contain `text`, case-insensitively, or whose details do:
   * checked here when the details are here or few enough to fetch, else by the store. A text
   * that starts as a TraceQL query (`{ … }`) is one: the spans it returns (find-query.ts).
   */
  async find(text: string): Promise<Uint32Array> {
    const needle = text.trim().toLowerCase();
    if (!needle) return new Uint32Array(0);
    const table = this.table;
    const withAttributes = this.searchesHere;
    // The query engine (with its regular expressions, most of the worker's code) loads on first use.
    const query = await import('./find-query.ts');
    if (query.isTraceQL(needle))
      return query.findByQuery(text.trim(), table, () => this.tree, this.loader, withAttributes);
    if (withAttributes) await this.loader?.ensureAll();
    const storeHits = withAttributes ? null : await this.storeMatches(text.trim());
    // The tree may have been rebuilt (skew toggle) while the details arrived.
    const t = this.tree;
    const stringHit = table.strings.map((s) => s.toLowerCase().includes(needle));
    const candidates = withAttributes ? this.rawCandidates(needle) : null;
    // A span id is made (from its bytes) only when the needle could be part of one.
    const idMayMatch = needle.length <= 16 && /^[0-9a-f]+$/.test(needle);
    const out: number[] = [];
    for (let k = 0; k < t.nodeCount; k++) {
      const r = t.row[k];
      if (r < 0) continue;
      if (
        stringHit[table.names[r]] ||
        stringHit[table.services[r]] ||
        (idMayMatch && t.spanIdOf(k).includes(needle)) ||
        (withAttributes && (!candidates || candidates[r]) && this.attributesContain(r, needle)) ||
        storeHits?.[r] === 1
      )
        out.push(k);
    }
    return Uint32Array.from(out);
  }

  /** Whether find reads the details here: they are all in the table, or few enough to fetch. */
  private get searchesHere(): boolean {
    return this.loader === null || this.table.count <= FIND_ATTRIBUTES_MAX_SPANS;
  }

  /** Per span, 1 where the store finds the text in its details; null without a store. */
  private async storeMatches(text: string): Promise<Uint8Array | null> {
    if (!this.loader) return null;
    const marks = new Uint8Array(this.table.count);
    await this.loader.markMatching(text, marks);
    return marks;
  }

  /**
   * Spans whose raw detail JSON contains the needle: the others cannot match, and are not parsed.
   * Null (every span a candidate) when the details are not raw store JSON, or when the needle has
   * characters JSON writes otherwise than the text shown (escapes, the punctuation of arrays and
   * kvlists, non-ASCII case mapping), or could come from an empty value shown as "null".
   */
  private rawCandidates(needle: string): Uint8Array | null {
    if (!this.loader || RAW_UNSAFE.test(needle) || 'null'.includes(needle)) return null;
    const marks = new Uint8Array(this.table.count);
    this.loader.details.markContaining(
      Uint8Array.from(needle, (c) => c.charCodeAt(0)),
      marks,
    );
    return marks;
  }

  private attributesContain(row: number, needle: string): boolean {
    const d = this.table.details(row);
    for (const a of d.attributes)
      if (a.key.toLowerCase().includes(needle) || attrValueToString(a.value).toLowerCase().includes(needle))
        return true;
    for (const e of d.events) if (e.name.toLowerCase().includes(needle)) return true;
    return d.statusMessage.toLowerCase().includes(needle);
  }

  stats(): TraceStats {
    const inputs = { selfNs: this.selfNs, critical: this.cachedCriticalPath() };
    return {
      services: serviceStats(this.tree, inputs).rows,
      operations: operationStats(this.tree, inputs).rows,
    };
  }

  /** Statistics of one grouping, with each row's nodes (fresh arrays, safe to transfer). */
  async groupStats(grouping: StatsGrouping): Promise<GroupedStats> {
    const values = grouping.by === 'attribute' ? await this.attributes.values(grouping.key) : null;
    // After the await: the tree may have been rebuilt (skew toggle) while the values arrived.
    return groupedStats(this.tree, grouping, values, {
      selfNs: this.selfNs,
      critical: this.cachedCriticalPath(),
    });
  }

  attributeKeys(): Promise<AttributeKeys> {
    return this.attributes.keys();
  }

  private cachedCriticalPath(): CriticalPath {
    this.critical ??= computeCriticalPath(this.tree);
    return this.critical;
  }

  criticalPath(): CriticalPath {
    const c = this.cachedCriticalPath();
    // Copies: the answer is transferred, the cache stays.
    return { node: c.node.slice(), startNs: c.startNs.slice(), endNs: c.endNs.slice() };
  }

  /** Fresh arrays on every call (they are transferred); the main thread keeps them per handle. */
  flameTime(): FlameTimeLayout {
    return flameTimeLayout(this.tree);
  }

  flameAggregate(weight: FlameWeight): AggregatedFlame {
    const t = this.tree;
    const { service, name } = nodeLabels(t);
    const aggregate = aggregateFlame({ ...t, selfNs: this.selfNs, service, name, flags: t.nodeFlags });
    return { aggregate, layout: aggregateLayout(aggregate, weight) };
  }

  async encode(format: ExportFormat): Promise<Blob> {
    await this.loader?.ensureAll();
    const { encodeTraces } = await import('../core/formats/index.ts');
    const out = encodeTraces([this.table], format);
    return new Blob([out as BlobPart], { type: 'application/json' });
  }

  /** Starts fetching every span's details in the background when the trace is small enough to search. */
  prefetchDetails(): void {
    if (this.loader && this.table.count <= FIND_ATTRIBUTES_MAX_SPANS)
      this.loader.ensureAll().catch(() => undefined); // find and export ask again
  }

  get spanCount(): number {
    return this.tree.summary.spanCount;
  }

  /** The tree as laid out now (the skew toggle rebuilds it): what a diff compares. */
  get traceTree(): TraceTree {
    return this.tree;
  }

  /** Whether every span's details are in the worker (a diff may then read attributes). */
  get detailsComplete(): boolean {
    return this.loader === null || this.loader.details.complete;
  }

  /** Resolves once every span's details are in the worker (fetched from the store when deferred). */
  async ensureAllDetails(): Promise<void> {
    await this.loader?.ensureAll();
  }
}
