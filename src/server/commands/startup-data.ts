/**
 * What `spanscope serve` stores before it is ready: the FILE… arguments, then demo traces when the
 * store is still empty (DESIGN §4: timestamps spread over the hour before start-up).
 */
import { generateDemoData } from '../../core/demo/index.ts';
import { formatBytes } from '../http/read-body.ts';
import { ImportFailure, type ImportResult, type TraceStore } from '../store/types.ts';
import { fileChunks, InputError } from './input-file.ts';

/** A start-up problem worth one line and exit code 2 (a bad or unreadable file). */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Streams one file into the store; a file that cannot be read or decoded is a StartupError. */
async function importStartupFile(
  store: TraceStore,
  file: string,
  maxImportBytes: number,
): Promise<ImportResult> {
  const session = store.beginImport({ maxInflatedBytes: maxImportBytes });
  try {
    for await (const chunk of fileChunks(file)) await session.write(chunk);
    return await session.end();
  } catch (err) {
    if (err instanceof ImportFailure) {
      const tooLarge = err.reason.name === 'InputTooLargeError';
      throw new StartupError(
        `${file}: ${tooLarge ? `larger than the limit of ${formatBytes(maxImportBytes)}` : err.message}`,
      );
    }
    await session.abort();
    throw err instanceof InputError ? new StartupError(err.message) : err;
  }
}

export async function importStartupFiles(
  store: TraceStore,
  files: readonly string[],
  maxImportBytes: number,
  log: (line: string) => void,
): Promise<void> {
  for (const file of files) {
    const { traceIds, spanCount } = await importStartupFile(store, file, maxImportBytes);
    log(`spanscope: imported ${file}: ${spanCount} spans in ${traceIds.length} traces`);
  }
}

/** Fixed so that the demo traces have the same shapes on every start (only their times move). */
const DEMO_SEED = 1;

/** Demo requests in flight at once: the store commits one while the next is being decoded. */
const DEMO_WINDOW = 4;

export async function seedDemo(store: TraceStore, nowMs: number, signal: AbortSignal): Promise<number> {
  let spans = 0;
  const inflight = new Set<Promise<void>>();
  for (const request of generateDemoData({ seed: DEMO_SEED, nowMs })) {
    if (signal.aborted) break;
    const work = store.ingestOtlp(Buffer.from(JSON.stringify(request)), 'json').then((result) => {
      if (!result.ok) throw new Error(`demo data refused by the store: ${result.errorMessage}`);
      spans += result.acceptedSpans;
    });
    inflight.add(work);
    // Marked handled here; a failure still surfaces through race/all below.
    work.catch(() => {}).finally(() => inflight.delete(work));
    if (inflight.size >= DEMO_WINDOW) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  return spans;
}
