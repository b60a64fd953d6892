/**
 * Files read in the worker as one set of traces: their span tables, the list's entry of each (from
 * its tree, as the header would show it), and the trees built for that list, handed to the session
 * that opens a trace so that nothing is built twice.
 */
import type { SpanTable } from '../core/model/span-table.ts';
import { TraceSetBuilder } from '../core/model/span-table.ts';
import { buildTree } from '../core/tree/build-tree.ts';
import { traceOverview } from '../core/tree/overview.ts';
import type { TraceTree } from '../core/tree/types.ts';
import { chooseTable, NoTraceError } from './decode-source.ts';
import type { FileSetInfo, LoadProgress } from './protocol.ts';
import { readFiles } from './read-files.ts';
import { TraceSession } from './trace-session.ts';

/** The trees of the list are built as the trace view builds its own (clock skew adjusted). */
const LIST_SKEW = true;

export class FileSet {
  private readonly tables = new Map<string, SpanTable>();
  /** Trees built for the list and not claimed by a session yet. */
  private readonly trees = new Map<string, TraceTree>();

  private constructor(tables: readonly SpanTable[]) {
    for (const t of tables) this.tables.set(t.traceId, t);
  }

  /** Reads and decodes the files, then builds each trace's tree for its entry. */
  static async read(
    files: readonly Blob[],
    onProgress: (p: LoadProgress) => void,
  ): Promise<{ set: FileSet; info: FileSetInfo }> {
    const t0 = performance.now();
    const sink = new TraceSetBuilder();
    await readFiles(files, sink, onProgress);
    const tables = sink.build();
    if (tables.length === 0) throw new NoTraceError('the files hold no spans');
    const t1 = performance.now();
    const totalBytes = files.reduce((n, f) => n + f.size, 0);
    const spanCount = tables.reduce((n, t) => n + t.count, 0);
    onProgress({ phase: 'tree', loadedBytes: totalBytes, totalBytes, spanCount });
    const set = new FileSet(tables);
    const traces = tables.map((table) => {
      const tree = buildTree(table, { adjustClockSkew: LIST_SKEW });
      set.trees.set(table.traceId, tree);
      return traceOverview(tree);
    });
    const timingsMs = { decode: t1 - t0, tree: performance.now() - t1 };
    return { set, info: { traces, spanCount, timingsMs } };
  }

  get traceIds(): string[] {
    return [...this.tables.keys()];
  }

  /** The wanted trace's id (a set of one trace answers for any id), else the largest trace's. */
  chosen(wantedTraceId?: string): string {
    return chooseTable([...this.tables.values()], wantedTraceId).traceId;
  }

  /** A session of one of the set's traces (its list tree when the skew setting matches). */
  open(traceId: string, adjustClockSkew: boolean): TraceSession {
    const table = this.tables.get(traceId);
    if (!table) throw new NoTraceError(`trace ${traceId} is not in the files read`);
    const tree = adjustClockSkew === LIST_SKEW ? this.trees.get(traceId) : undefined;
    this.trees.delete(traceId);
    return new TraceSession(table, this.traceIds, adjustClockSkew, null, tree);
  }
}
