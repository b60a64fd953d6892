/**
 * What `spanscope serve` stores before it is ready: the FILE… arguments, then demo traces when the
 * store is still empty (DESIGN §4: timestamps spread over the hour before start-up).
 */
import { generateDemoData } from '../../core/demo/index.ts';
import { isFormatError } from '../http/import-route.ts';
import type { TraceStore } from '../store/types.ts';
import { InputError, readTraceFile } from './input-file.ts';

/** A start-up problem worth one line and exit code 2 (a bad or unreadable file). */
export class StartupError extends Error {
  override name = 'StartupError';
}

export async function importStartupFiles(
  store: TraceStore,
  files: readonly string[],
  maxImportBytes: number,
  log: (line: string) => void,
): Promise<void> {
  for (const file of files) {
    const bytes = await readTraceFile(file, maxImportBytes).catch((err) => {
      throw err instanceof InputError ? new StartupError(err.message) : err;
    });
    try {
      const { traceIds, spanCount } = await store.importFile(bytes);
      log(`spanscope: imported ${file}: ${spanCount} spans in ${traceIds.length} traces`);
    } catch (err) {
      if (isFormatError(err)) throw new StartupError(`${file}: ${err.message}`);
      throw err;
    }
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
