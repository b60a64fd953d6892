/**
 * Command line of large-trace-file.ts, for processes that cannot load the format decoders themselves
 * (Playwright's loader knows no `?raw` imports): prints the written file's description as JSON.
 *
 *   node --import tsx --import ./scripts/raw-loader.mjs src/testing/write-large-trace.ts FORMAT SPANS OUT [SEED]
 */
import type { FormatId } from '../core/formats/index.ts';
import { writeLargeTraceFile } from './large-trace-file.ts';

const [format, spans, out, seed] = process.argv.slice(2);
const file = await writeLargeTraceFile(out, format as FormatId, Number(spans), Number(seed ?? 1));
process.stdout.write(`${JSON.stringify(file)}\n`);
