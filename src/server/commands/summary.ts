/**
 * `spanscope summary FILE…`: per-trace counts as JSON (DESIGN §2, §3), computed by the core tree
 * builder with raw times (no clock-skew adjustment), sorted by trace id.
 */
import { buildTree } from '../../core/tree/build-tree.ts';
import { parseCommandArgs, UsageError } from './args.ts';
import { readTraces, withInputErrors } from './read-traces.ts';

export async function runSummary(argv: readonly string[]): Promise<number> {
  const { positionals } = parseCommandArgs(argv, {});
  if (positionals.length === 0) throw new UsageError('usage: spanscope summary FILE… (or - for stdin)');
  return withInputErrors('summary', async () => {
    const { tables, fileWarnings } = await readTraces(positionals);
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
