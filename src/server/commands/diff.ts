/**
 * `spanscope diff A B [--trace-a ID] [--trace-b ID]`: B (the trace under study) against A (the
 * baseline) as JSON (DESIGN §3, §6; core/diff/report.ts). A and B are files read as `summary` reads
 * them, with raw times; a file of several traces needs its --trace-a/--trace-b (the same file may be
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

const USAGE =
  'usage: spanscope diff A B [--trace-a ID] [--trace-b ID] (A the baseline, B the trace under study)';

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
  });
  if (positionals.length !== 2) throw new UsageError(USAGE);
  const [fileA, fileB] = positionals;
  return withInputErrors('diff', async () => {
    const readA = await readTraces([fileA]);
    // The same file twice (stdin included) is read once.
    const readB: ReadTraces = fileB === fileA ? readA : await readTraces([fileB]);
    const tableA = pickTrace(fileA, readA.tables, values['trace-a'], '--trace-a');
    const tableB = pickTrace(fileB, readB.tables, values['trace-b'], '--trace-b');
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
