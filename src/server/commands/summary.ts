/**
 * `spanscope summary FILE…` (or `--source NAME --trace ID…`): per-trace counts as JSON (DESIGN §2, §3), computed by the core tree
 * builder with raw times (no clock-skew adjustment), sorted by trace id.
 */
import { buildTree } from '../../core/tree/build-tree.ts';
import { parseCommandArgs, UsageError } from './args.ts';
import { readTraces, withInputErrors } from './read-traces.ts';
import { CommandSources, sourceTracesOf, TRACES_FROM_SOURCE_OPTIONS } from './source-traces.ts';

const USAGE =
  'usage: spanscope summary FILE… (or - for stdin) | --source NAME --trace ID… [--config FILE] [--server URL]';

export async function runSummary(argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseCommandArgs(argv, TRACES_FROM_SOURCE_OPTIONS);
  const sources = new CommandSources(values);
  const fromSource = sourceTracesOf(values, sources);
  if (positionals.length === 0 && !fromSource) throw new UsageError(USAGE);
  return withInputErrors('summary', async () => {
    const { tables, fileWarnings } = await readTraces(positionals, fromSource).finally(() => sources.close());
    const traces = tables.map((table) => {
      const s = buildTree(table, { adjustClockSkew: false }).summary;
      return {
        traceId: s.traceId,
        format: s.format,
        spanCount: s.spanCount,
        rootCount: s.rootCount,
        orphanCount: s.orphanCount,
        maxDepth: s.maxDepth,
        durationUs: s.durationUs,
        services: s.services,
        errorCount: s.errorCount,
        warnings: s.warnings,
      };
    });
    for (const w of fileWarnings) process.stderr.write(`spanscope summary: warning: ${w}\n`);
    process.stdout.write(`${JSON.stringify({ traces }, null, 2)}\n`);
    return 0;
  });
}
