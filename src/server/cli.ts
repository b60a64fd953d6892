/**
 * The `spanscope` command line: dispatches to one module per command.
 */
const USAGE = `usage: spanscope <command> [options]

commands:
  serve [FILE…]     the embedded trace store and the web app
  summary FILE…     per-trace summary as JSON
  convert FILE --to otlp-json|jaeger-json|zipkin-json
  push FILE…        send files to a running store over OTLP/HTTP
`;

const [command] = process.argv.slice(2);
if (!command || command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(USAGE);
  process.exit(command ? 0 : 2);
}
process.stderr.write(`spanscope: unknown command '${command}'\n${USAGE}`);
process.exit(2);
