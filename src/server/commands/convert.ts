/**
 * `spanscope convert FILE --to otlp-json|jaeger-json|zipkin-json|otlp-proto`: re-encodes every trace
 * of the input to stdout. What the target cannot carry is listed in the README.
 */
import { encodeTraces, type FormatId } from '../../core/formats/index.ts';
import { parseCommandArgs, UsageError } from './args.ts';
import { readTraces, withInputErrors } from './read-traces.ts';

const TARGETS: readonly FormatId[] = ['otlp-json', 'jaeger-json', 'zipkin-json', 'otlp-proto'];

export async function runConvert(argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseCommandArgs(argv, { to: { type: 'string' } });
  const to = values.to as FormatId | undefined;
  if (positionals.length !== 1 || !to)
    throw new UsageError(`usage: spanscope convert FILE --to ${TARGETS.join('|')}`);
  if (!TARGETS.includes(to)) throw new UsageError(`--to must be one of ${TARGETS.join(', ')} (got '${to}')`);
  return withInputErrors('convert', async () => {
    const { tables, fileWarnings } = await readTraces(positionals);
    for (const w of fileWarnings) process.stderr.write(`spanscope convert: warning: ${w}\n`);
    const out = encodeTraces(tables, to);
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(typeof out === 'string' ? `${out}\n` : out, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    return 0;
  });
}
