/**
 * `spanscope diff A B [--trace-a ID] [--trace-b ID]`: B (the trace under study) against A (the
 * baseline) as JSON (DESIGN §3, §6; core/diff/report.ts). A and B are files read as `summary` reads
 * them, with raw times, or traces of a source (`--source-a NAME --trace-a ID`, across sources too); a file of several traces needs its --trace-a/--trace-b (the same file may be
 * given twice with two ids). A bad file, an unknown id or a file without spans is one line and exit
 * code 2.
 */
import { diffReport, diffTraces, summarizeDiff } from '../../core/diff/index.ts';
import { canonicalTraceId } from '../../core/model/ids.ts';
import type { SpanTable } from '../../core/model/span-table.ts';
import { buildTree } from '../../core/tree/build-tree.ts';
import { parseCommandArgs, UsageError } from './args.ts';
import { InputError } from './input-file.ts';
import { type ReadTraces, readTraces, withInputErrors } from './read-traces.ts';
import { CommandSources, SOURCE_OPTIONS } from './source-traces.ts';

const USAGE =
  'usage: spanscope diff A B [--trace-a ID] [--trace-b ID] (A the baseline, B the trace under study); ' +
  'a side read from a source instead of a file: --source-a NAME --trace-a ID, --source-b NAME --trace-b ID ' +
  '(--source NAME for both) [--config FILE] [--server URL]';

/** The trace of `file` to diff: the only one, or the one `id` names. */
function pickTrace(
  file: string,
  tables: readonly SpanTable[],
  id: string | undefined,
  option: string,
): SpanTable {
  if (tables.length === 0) throw new InputError(`${file}: holds no spans`);
  const ids = tables.map((t) => t.traceId).join(', ');
  if (id === undefined) {
    if (tables.length === 1) return tables[0];
    throw new InputError(`${file}: holds ${tables.length} traces; choose one with ${option} (${ids})`);
  }
  const wanted = canonicalTraceId(id);
  if (wanted === null) throw new UsageError(`${option}: '${id}' is not a trace id (hex, up to 32 digits)`);
  const found = tables.find((t) => t.traceId === wanted);
  if (!found) throw new InputError(`${file}: no trace ${wanted} (it holds ${ids})`);
  return found;
}

export async function runDiff(argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseCommandArgs(argv, {
    'trace-a': { type: 'string' },
    'trace-b': { type: 'string' },
    source: { type: 'string' },
    'source-a': { type: 'string' },
    'source-b': { type: 'string' },
    ...SOURCE_OPTIONS,
  });
  const sourceA = values['source-a'] ?? values.source;
  const sourceB = values['source-b'] ?? values.source;
  const files = [...positionals];
  // Each side is a file (the next positional) or a source's trace.
  const sideOf = (source: string | undefined, id: string | undefined, option: string) => {
    if (source === undefined) {
      const file = files.shift();
      if (file === undefined) throw new UsageError(USAGE);
      return { name: file, file, id };
    }
    if (id === undefined) throw new UsageError(`a trace read from source '${source}' needs ${option} ID`);
    return { name: `source '${source}'`, source, id };
  };
  const a = sideOf(sourceA, values['trace-a'], '--trace-a');
  const b = sideOf(sourceB, values['trace-b'], '--trace-b');
  if (files.length > 0) throw new UsageError(USAGE);
  const sources = new CommandSources(values);
  const read = (side: typeof a): Promise<ReadTraces> =>
    side.file !== undefined
      ? readTraces([side.file])
      : readTraces([], { sources, spec: side.source as string, ids: [side.id as string] });
  return withInputErrors('diff', async () => {
    let readA: ReadTraces;
    let readB: ReadTraces;
    try {
      readA = await read(a);
      // The same file twice (stdin included) is read once.
      readB = b.file !== undefined && b.file === a.file ? readA : await read(b);
    } finally {
      sources.close();
    }
    const tableA = pickTrace(a.name, readA.tables, values['trace-a'], '--trace-a');
    const tableB = pickTrace(b.name, readB.tables, values['trace-b'], '--trace-b');
    const diff = diffTraces(
      buildTree(tableA, { adjustClockSkew: false }),
      buildTree(tableB, { adjustClockSkew: false }),
    );
    const warnings = new Set([...readA.fileWarnings, ...readB.fileWarnings]);
    for (const w of warnings) process.stderr.write(`spanscope diff: warning: ${w}\n`);
    process.stdout.write(`${JSON.stringify(diffReport(diff, summarizeDiff(diff)), null, 2)}\n`);
    return 0;
  });
}
