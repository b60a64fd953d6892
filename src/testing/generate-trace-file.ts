/**
 * Writes a generated large trace file (large-trace-file.ts) from a child process with the raw-text
 * loader, so that Playwright specs and benchmarks get one without loading the format decoders.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FormatId } from '../core/formats/types.ts';
import type { LargeTraceFile } from './large-trace-file.ts';
import { REPO_ROOT } from './server-harness.ts';

export type { LargeTraceFile };

export async function generateTraceFile(
  path: string,
  format: FormatId,
  spanCount: number,
  seed = 1,
): Promise<LargeTraceFile> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--max-old-space-size=8000',
      '--import',
      'tsx',
      '--import',
      join(REPO_ROOT, 'scripts/raw-loader.mjs'),
      join(REPO_ROOT, 'src/testing/write-large-trace.ts'),
      format,
      String(spanCount),
      path,
      String(seed),
    ],
    { cwd: REPO_ROOT, maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as LargeTraceFile;
}
