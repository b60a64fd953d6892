/**
 * `spanscope query 'TRACEQL' FILE…`: the traces of the files that match a TraceQL query, with the
 * ids of their matched spans, as JSON sorted by trace id (DESIGN §3). Files are read as `summary`
 * reads them (any format, several files forming one trace set); the tree has raw times. A bad
 * query is one line naming the position and the problem, exit code 2, like a bad file.
 */
import { compileQuery, type Query } from '../../core/query/compile.ts';
import { TraceQLError } from '../../core/query/errors.ts';
import { evaluate } from '../../core/query/evaluate.ts';
import { traceForQuery } from '../../core/query/trace-adapter.ts';
import { buildTree } from '../../core/tree/build-tree.ts';
import { parseCommandArgs, UsageError } from './args.ts';
import { readTraces, withInputErrors } from './read-traces.ts';
import { CommandSources, sourceTracesOf, TRACES_FROM_SOURCE_OPTIONS } from './source-traces.ts';

export async function runQuery(argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseCommandArgs(argv, TRACES_FROM_SOURCE_OPTIONS);
  const sources = new CommandSources(values);
  const fromSource = sourceTracesOf(values, sources);
  if (positionals.length < (fromSource ? 1 : 2))
    throw new UsageError(
      "usage: spanscope query 'TRACEQL' FILE… (or - for stdin) | --source NAME --trace ID… [--config FILE] [--server URL]",
    );
  const [text, ...files] = positionals;
  let query: Query;
  try {
    query = compileQuery(text);
  } catch (err) {
    if (!(err instanceof TraceQLError)) throw err;
    process.stderr.write(`spanscope query: bad query: ${err.message}\n`);
    return 2;
  }
  return withInputErrors('query', async () => {
    const { tables, fileWarnings } = await readTraces(files, fromSource).finally(() => sources.close());
    const traces: { traceId: string; spanIds: string[] }[] = [];
    for (const table of tables) {
      const trace = traceForQuery(table, buildTree(table, { adjustClockSkew: false }));
      const result = evaluate(query, trace);
      if (!result.matched) continue;
      // The spans of each spanset in turn; a span found by two spansets is listed once.
      const spanIds = new Set<string>();
      for (const set of result.spansets) for (const span of set.spans) spanIds.add(trace.spanId(span));
      traces.push({ traceId: table.traceId, spanIds: [...spanIds] });
    }
    for (const w of fileWarnings) process.stderr.write(`spanscope query: warning: ${w}\n`);
    process.stdout.write(`${JSON.stringify({ traces }, null, 2)}\n`);
    return 0;
  });
}
