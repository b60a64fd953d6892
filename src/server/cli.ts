/**
 * The `spanscope` command line: dispatches to one module per command. A command returns its exit
 * code; a UsageError (bad arguments) is one line on stderr and exit code 2, never a stack trace.
 */
import { UsageError } from './commands/args.ts';

const USAGE = `usage: spanscope <command> [options]

commands:
  serve [FILE…]     the embedded trace store and the web app
  summary FILE…     per-trace summary as JSON
  query 'TRACEQL' FILE…  the traces and spans that match a TraceQL query, as JSON
  diff A B [--trace-a ID] [--trace-b ID]  where trace B diverges from trace A, as JSON
    (summary, query, diff: --source NAME --trace ID reads a trace from a source instead of a file:
     NAME of --config FILE, NAME=KIND:URL, or local, the running server at --server URL)
  convert FILE --to otlp-json|jaeger-json|zipkin-json
  push FILE…        send files to a running store over OTLP/HTTP
  pin TRACE_ID [--note TEXT] | pin --list | unpin TRACE_ID   keep a trace beyond retention (a running store)
`;

type Command = (argv: readonly string[]) => Promise<number>;

/** Loaded on demand, so that `push` does not load the store and `serve` does not load the pusher. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.ts')).runServe,
  push: async () => (await import('./commands/push.ts')).runPush,
  summary: async () => (await import('./commands/summary.ts')).runSummary,
  query: async () => (await import('./commands/query.ts')).runQuery,
  diff: async () => (await import('./commands/diff.ts')).runDiff,
  convert: async () => (await import('./commands/convert.ts')).runConvert,
  pin: async () => (await import('./commands/pin.ts')).runPin,
  unpin: async () => (await import('./commands/pin.ts')).runUnpin,
};

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const load = COMMANDS[command];
  if (!load) {
    process.stderr.write(`spanscope: unknown command '${command}'\n${USAGE}`);
    return 2;
  }
  try {
    return await (await load())(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`spanscope ${command}: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`spanscope ${command}: ${(err as Error).message ?? err}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
// Servers and sockets may keep the event loop alive after the command is done.
process.exit();
