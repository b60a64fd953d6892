/**
 * Bundles store-worker.ts alone, as scripts/build-server.mjs does for dist/server, into a directory
 * of the caller's choice: tests and benchmarks exercise the real worker path this way without
 * building (or depending on) the rest of the server. Development use only (esbuild is a dev tool).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** `import text from './x.proto?raw'`, as Vite, vitest and the server build understand it. */
const rawText: Plugin = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/\?raw$/, '')),
      namespace: 'raw-text',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

/** Inside the repository, so that the bundle's bare imports (@duckdb/node-api) resolve. */
const CACHE = join(import.meta.dirname, '../../../node_modules/.cache/spanscope');

export interface WorkerBundle {
  /** For createStore's workerUrl. */
  readonly workerUrl: URL;
  /** Deletes the bundle. */
  dispose(): void;
}

/** Writes `store-worker.mjs` into a fresh directory of node_modules/.cache/spanscope. */
export async function bundleStoreWorker(): Promise<WorkerBundle> {
  mkdirSync(CACHE, { recursive: true });
  const outDir = mkdtempSync(join(CACHE, 'store-worker-'));
  await build({
    entryPoints: { 'store-worker': join(import.meta.dirname, 'store-worker.ts') },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    plugins: [rawText],
    logLevel: 'warning',
  });
  return {
    workerUrl: pathToFileURL(join(outDir, 'store-worker.mjs')),
    dispose: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
