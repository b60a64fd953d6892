/**
 * The typed messages between the main thread (trace-client.ts) and the trace worker
 * (trace.worker.ts). Every call is a request with an id and the session (the open trace) it is
 * about; the worker answers with progress messages (open only) and then exactly one result or
 * error. Typed arrays travel as Transferables.
 */
import type { AttributeStats } from '../core/analysis/attribute-stats.ts';
import type { AttributeKeys } from '../core/analysis/attribute-values.ts';
import type { GroupStats } from '../core/analysis/stats.ts';
import type { SourceFailure } from '../core/api/errors.ts';
import type { DiffSummary, TypicalComparison, TypicalRowTree } from '../core/diff/index.ts';
import type { FlameAggregate } from '../core/layout/flame-aggregate.ts';
import type { FlameWeight } from '../core/layout/flame-aggregate-layout.ts';
import type { FlameTimeLayout } from '../core/layout/flame-time-layout.ts';
import type { LaneLayout } from '../core/layout/lane-layout.ts';
import type { TraceColumns } from '../core/layout/trace-columns.ts';
import { columnBuffers } from '../core/layout/trace-columns.ts';
import type { SpanDetails } from '../core/model/types.ts';
import type { TraceOverview } from '../core/tree/overview.ts';
import type { TraceSummary, TreeWarning } from '../core/tree/types.ts';

/**
 * The trace worker's name; a worker named for a trace (`workerName`) asks for it and opens it as soon
 * as its code runs (trace.worker.ts), before any message reaches it.
 */
export const WORKER_NAME = 'spanscope-trace';

/** The trace a worker opens as it starts: the store's URL, and the open's skew setting. */
export interface EarlyOpenArgs {
  readonly url: string;
  readonly adjustClockSkew: boolean;
}

/** `spanscope-trace`, or `spanscope-trace skew|noskew <url>` for a worker made for one trace. */
export function workerName(early?: EarlyOpenArgs): string {
  return early ? `${WORKER_NAME} ${early.adjustClockSkew ? 'skew' : 'noskew'} ${early.url}` : WORKER_NAME;
}

/** What `workerName` wrote; null for any other name. */
export function earlyOpenOf(name: string): EarlyOpenArgs | null {
  const m = /^spanscope-trace (skew|noskew) (\S+)$/.exec(name);
  return m ? { url: m[2], adjustClockSkew: m[1] === 'skew' } : null;
}

/**
 * Where a trace is, as views name it: in a store (the local one, or the trace source `sourceName`
 * reached through the server), or in a file.
 */
export type TraceLocation =
  | { readonly kind: 'store'; readonly traceId: string; readonly sourceName?: string }
  | { readonly kind: 'file'; readonly file: Blob; readonly traceId?: string };

/**
 * What the worker loads: the client resolves a store location into an absolute URL, and usually asks
 * for it itself while the worker starts, handing over the answer (`response`: its body transferred).
 */
export type WorkerInput =
  | { readonly kind: 'url'; readonly url: string; readonly traceId: string }
  | {
      readonly kind: 'response';
      readonly url: string;
      readonly traceId: string;
      readonly status: number;
      /** The headers the worker reads: content type, length and encoding. */
      readonly headers: Readonly<Record<string, string>>;
      readonly body: ReadableStream<Uint8Array> | null;
    }
  | { readonly kind: 'file'; readonly file: Blob; readonly traceId?: string };

export type LoadPhase = 'fetch' | 'decode' | 'tree' | 'layout' | 'transfer';

export interface LoadProgress {
  readonly phase: LoadPhase;
  /** Bytes received so far (fetch) or of the input (later phases). */
  readonly loadedBytes: number;
  /** Total bytes when known (Content-Length, file size), else null. */
  readonly totalBytes: number | null;
  /** Spans decoded, once known. */
  readonly spanCount?: number;
  /** The spans in so far, laid out to draw while the rest arrives (a trace streamed by the store). */
  readonly preview?: TracePreview;
}

/**
 * A provisional trace: the spans of a streamed answer received so far, in the store's order, built
 * and laid out as a trace of their own (spans whose parent has not come yet are orphans). The open's
 * result replaces it. It has no events and no details.
 */
export interface TracePreview {
  readonly trace: OpenedTrace;
  /** Spans in the preview, and in the whole trace (the stream's head says). */
  readonly receivedSpans: number;
  readonly totalSpans: number;
}

/** Files read into one set of traces (spans of one trace id in several files form one trace). */
export interface FileSetInfo {
  /** Sorted by trace id. */
  readonly traces: readonly TraceOverview[];
  readonly spanCount: number;
  /** Worker time per phase in ms (decode: reading and decoding the files; tree). */
  readonly timingsMs: Readonly<Record<string, number>>;
}

/** A trace opened (or re-laid-out) by the worker. */
export interface OpenedTrace {
  readonly traceId: string;
  /** Format of the source (columnar store answer, otlp-json, jaeger-json, …). */
  readonly format: string;
  /** Absolute time of offset 0 in ns since the epoch. */
  readonly baseNs: bigint;
  /** The laid-out tree: pre-order typed arrays and interned strings. */
  readonly columns: TraceColumns;
  readonly summary: TraceSummary;
  readonly warnings: readonly TreeWarning[];
  readonly clockSkewAdjusted: boolean;
  /** Every trace id of the input (a dropped file may hold several; the worker opened `traceId`). */
  readonly traceIds: readonly string[];
  /** Worker time per load phase in ms (fetch, decode, tree, layout), for benchmarks and diagnostics. */
  readonly timingsMs: Readonly<Record<string, number>>;
}

/** Everything about one node for the detail panel. */
export interface NodeDetails {
  readonly node: number;
  readonly traceId: string;
  readonly spanId: string;
  /** Parent span id as the source gave it ('' for none). */
  readonly parentSpanId: string;
  readonly service: string;
  readonly name: string;
  /** SpanKind and StatusCode values. */
  readonly kind: number;
  readonly status: number;
  /** Offsets from baseNs as laid out (after skew adjustment), and the absolute start as the source gave it. */
  readonly startNs: number;
  readonly durNs: number;
  readonly selfNs: number;
  readonly absoluteStartNs: bigint | null;
  /** NodeFlag bits. */
  readonly flags: number;
  /** null for a synthetic "missing parent" node. */
  readonly details: SpanDetails | null;
}

/** Critical path as segments (node k is critical over [startNs, endNs)), in time order. */
export interface CriticalPath {
  readonly node: Uint32Array;
  readonly startNs: Float64Array;
  readonly endNs: Float64Array;
}

/** Statistics per service and per operation (service + span name), from core/analysis. */
export interface TraceStats {
  readonly services: readonly GroupStats[];
  readonly operations: readonly GroupStats[];
}

/** How the statistics view groups the spans. */
export type StatsGrouping =
  | { readonly by: 'service' }
  | { readonly by: 'operation' }
  /** The span's attribute `key`, else its resource's. */
  | { readonly by: 'attribute'; readonly key: string };

/** The statistics of one grouping; the nodes of rows[i] are `nodes[nodeOffset[i] .. nodeOffset[i + 1])`. */
export type GroupedStats = {
  readonly nodeOffset: Uint32Array;
  readonly nodes: Uint32Array;
} & (
  | { readonly grouping: { readonly by: 'service' | 'operation' }; readonly rows: readonly GroupStats[] }
  | {
      readonly grouping: { readonly by: 'attribute'; readonly key: string };
      readonly rows: readonly AttributeStats[];
      /** The span details in the worker, or the store (a trace too big to fetch every detail of). */
      readonly valuesFrom: 'details' | 'store';
    }
);

export type ExportFormat = 'otlp-json' | 'jaeger-json' | 'zipkin-json';

/** The aggregated flame graph: frames per call path, and their lanes for one weight. */
export interface AggregatedFlame {
  readonly aggregate: FlameAggregate;
  readonly layout: LaneLayout;
}

/**
 * The merged tree of a diff (core/diff TraceDiff) as the main thread holds it: pre-order typed arrays,
 * times in B's frame, the A and B node (of each trace's columns) of every merged node and back.
 */
export interface DiffTree {
  readonly nodeCount: number;
  readonly parent: Int32Array;
  readonly depth: Uint32Array;
  readonly subtreeEnd: Uint32Array;
  readonly childCount: Uint32Array;
  readonly startNs: Float64Array;
  readonly endNs: Float64Array;
  /** DiffKind and DiffFlag bits of each merged node. */
  readonly kind: Uint8Array;
  readonly flags: Uint8Array;
  /** Node of A's / B's columns shown by merged node k, or -1 (added / removed). */
  readonly aNode: Int32Array;
  readonly bNode: Int32Array;
  /** Merged node of each node of A's / B's columns. */
  readonly nodeOfA: Int32Array;
  readonly nodeOfB: Int32Array;
  /** B self time − A self time per merged node (a missing side counts 0). */
  readonly selfDeltaNs: Float64Array;
}

/** A diff computed in the worker: B (the session asked) against the baseline A. */
export interface DiffResult {
  readonly tree: DiffTree;
  /** Merged node ids throughout. */
  readonly summary: DiffSummary;
  /** Whether span attributes were compared (changed kinds and DiffFlag.Attributes count them). */
  readonly attributesCompared: boolean;
  /** Worker time per phase in ms (details, align, merge, summary). */
  readonly timingsMs: Readonly<Record<string, number>>;
}

export type DiffPhase = 'details' | 'align' | 'merge' | 'summary' | 'rows';

/** Progress of a diff or a typical-trace comparison (one message as each phase starts). */
export interface DiffProgress {
  readonly phase: DiffPhase;
  /** Spans of the traces compared. */
  readonly spanCount: number;
}

/**
 * B against N baseline traces of its kind, per node of B: core/diff compareWithTypical's answer
 * without B's tree (the main thread has B's columns), plus B's rows with a ghost row for every
 * `missing` span (core/diff typicalRows).
 */
export interface TypicalResult extends Omit<TypicalComparison, 'b'> {
  readonly rows: TypicalRowTree;
  readonly timingsMs: Readonly<Record<string, number>>;
}

/** Method name → argument, result (and progress, when it reports any) of every worker call. */
export interface WorkerApi {
  open: {
    /** `previews`: post previews of a trace the store streams (progress' `preview`), for a caller that draws them. */
    args: { input: WorkerInput; adjustClockSkew: boolean; previews?: boolean };
    result: OpenedTrace;
    progress: LoadProgress;
  };
  /**
   * Reads files as streams into a set of traces held by this session, for `openFromSet`; progress
   * as they are read and decoded.
   */
  readFiles: { args: { files: readonly Blob[] }; result: FileSetInfo; progress: LoadProgress };
  /** Opens one trace of the set that `readFiles` read in session `set` (no second read). */
  openFromSet: {
    args: { set: number; traceId: string; adjustClockSkew: boolean };
    result: OpenedTrace;
    progress: LoadProgress;
  };
  details: { args: { node: number }; result: NodeDetails };
  /** Nodes (pre-order, ascending) whose service, name, span id or details contain the text. */
  find: { args: { text: string }; result: Uint32Array };
  criticalPath: { args: null; result: CriticalPath };
  stats: { args: null; result: TraceStats };
  /** Statistics by service, operation or attribute value, with each row's nodes. */
  groupStats: { args: { grouping: StatsGrouping }; result: GroupedStats };
  /** The span and resource attribute keys of the trace (for the grouping picker). */
  attributeKeys: { args: null; result: AttributeKeys };
  encode: { args: { format: ExportFormat }; result: Blob };
  /** Re-lays out the open trace with skew adjustment on/off. */
  setClockSkew: { args: { on: boolean }; result: OpenedTrace };
  /** The flame chart's lanes (DESIGN §9). */
  flameTime: { args: null; result: FlameTimeLayout };
  /** The aggregated flame graph, laid out for a weight. */
  flameAggregate: { args: { weight: FlameWeight }; result: AggregatedFlame };
  /**
   * This session's trace (B, under study) against the trace of session `baseline` (A) in the same
   * worker (DESIGN §6). Attributes: 'auto' compares them up to core/diff's ATTRIBUTE_SPAN_LIMIT.
   */
  diff: {
    args: { baseline: number; attributes?: boolean | 'auto' };
    result: DiffResult;
    progress: DiffProgress;
  };
  /** This session's trace (B) against the traces of the `baselines` sessions (DESIGN §6, typical). */
  typical: { args: { baselines: readonly number[] }; result: TypicalResult; progress: DiffProgress };
  /** Frees the session's trace (no answer is awaited). */
  release: { args: null; result: null };
  /** Warms the file readers up while files are being chosen (read-warm-up.ts; no answer is awaited). */
  warmUp: { args: null; result: null };
}

export type WorkerMethod = keyof WorkerApi;

/** What a call reports while it runs (nothing for most calls). */
export type ProgressOf<M extends WorkerMethod> = WorkerApi[M] extends { progress: infer P } ? P : never;
/** Any progress message. */
export type WorkerProgress = LoadProgress | DiffProgress;

/** A call: `session` names the trace it is about (the client numbers them; `open` fills one). */
export type WorkerRequest = {
  [M in WorkerMethod]: {
    readonly id: number;
    readonly session: number;
    readonly method: M;
    readonly args: WorkerApi[M]['args'];
  };
}[WorkerMethod];

/** 'query': a TraceQL query (find) that does not compile; its message names the position. */
export type WorkerErrorCode = 'not-found' | 'http' | 'format' | 'no-trace' | 'query' | 'internal';

export interface WorkerError {
  readonly code: WorkerErrorCode;
  readonly message: string;
  /** The file a 'format' error is about, when files were read. */
  readonly fileName?: string;
  /** HTTP status for 'not-found' and 'http'. */
  readonly status?: number;
  /** The external trace source that failed, and how (what the user should check). */
  readonly source?: string;
  readonly failure?: SourceFailure;
}

export type WorkerResponse =
  | { readonly id: number; readonly kind: 'progress'; readonly progress: WorkerProgress }
  | { readonly id: number; readonly kind: 'result'; readonly value: unknown }
  | { readonly id: number; readonly kind: 'error'; readonly error: WorkerError };

/** The buffers of a progress message to transfer: a preview's columns. */
export function progressTransferables(progress: WorkerProgress): ArrayBuffer[] {
  return 'preview' in progress && progress.preview ? columnBuffers(progress.preview.trace.columns) : [];
}

/** The buffers of a result to transfer (never copy) to the main thread. */
export function transferablesOf(method: WorkerMethod, value: unknown): ArrayBuffer[] {
  switch (method) {
    case 'open':
    case 'openFromSet':
    case 'setClockSkew':
      return columnBuffers((value as OpenedTrace).columns);
    case 'find':
      return [(value as Uint32Array).buffer as ArrayBuffer];
    case 'criticalPath':
    case 'groupStats':
    case 'flameTime':
    case 'flameAggregate':
    case 'diff':
    case 'typical':
      return typedArrayBuffers(value);
    default:
      return [];
  }
}

/** The distinct buffers of every typed array in a result (nested objects included). */
function typedArrayBuffers(value: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) out.add(value.buffer as ArrayBuffer);
  else if (value !== null && typeof value === 'object' && !Array.isArray(value))
    for (const v of Object.values(value)) typedArrayBuffers(v, out);
  return [...out];
}
