/**
 * Reads trace files of any supported format into span tables, for the commands that work on files
 * (`summary`, `convert`, `query`, `diff`), and the traces they name in a source (source-traces.ts). Spans of one trace id in several files form one trace. A file that cannot
 * be read or decoded is an InputError whose one-line message names the file, the format it resembled
 * and what was wrong (JSON path or byte offset).
 */
import { decodeInput, FormatError } from '../../core/formats/index.ts';
import { type SpanTable, TraceSetBuilder } from '../../core/model/span-table.ts';
import { InputError, readTraceFile } from './input-file.ts';
import type { CommandSources } from './source-traces.ts';

/** V8 cannot hold a string much over 512 MiB; larger JSON files go through `push` (streamed). */
const MAX_FILE_BYTES = 2 * 1024 ** 3;

export interface ReadTraces {
  readonly tables: SpanTable[];
  /** Warnings about a whole file rather than one trace, prefixed with the file name. */
  readonly fileWarnings: string[];
}

/**
 * Runs a file command: bad input (an InputError) is one line on stderr and exit code 2
 * (DESIGN §3), never a stack trace.
 */
export async function withInputErrors(command: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    process.stderr.write(`spanscope ${command}: ${err.message}\n`);
    return 2;
  }
}

/** Traces of a source to read besides the files (`--source NAME --trace ID…`). */
export interface SourceTraces {
  readonly sources: CommandSources;
  /** The source: a name of --config, NAME=KIND:URL, or local. */
  readonly spec: string;
  readonly ids: readonly string[];
}

export async function readTraces(files: readonly string[], fromSource?: SourceTraces): Promise<ReadTraces> {
  const sink = new TraceSetBuilder();
  const fileWarnings: string[] = [];
  for (const file of files) {
    const bytes = await readTraceFile(file, MAX_FILE_BYTES);
    const before = sink.warnings.length;
    try {
      decodeInput(bytes, sink);
    } catch (err) {
      if (err instanceof FormatError) throw new InputError(`${file}: ${err.message}`);
      if (err instanceof RangeError)
        throw new InputError(`${file}: too large to decode whole (${err.message})`);
      throw err;
    }
    for (const w of sink.warnings.slice(before)) fileWarnings.push(`${file}: ${w}`);
  }
  if (fromSource) await fromSource.sources.read(fromSource.spec, fromSource.ids, sink);
  return { tables: sink.build(), fileWarnings };
}
