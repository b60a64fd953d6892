/**
 * Tests only: a worker thread running a TypeScript entry from source (tsx and the `?raw` import hooks
 * of scripts/raw-loader.mjs registered inside the worker first), where the built server would start
 * its bundled `.mjs` instead.
 */
import { Worker } from 'node:worker_threads';

const RAW_LOADER = new URL('../../scripts/raw-loader.mjs', import.meta.url);

export function tsWorker(entry: URL, workerData?: unknown): Worker {
  const start = [
    `import('tsx/esm/api').then(({ register }) => register())`,
    `.then(() => import('node:module')).then(({ register }) => register(${JSON.stringify(RAW_LOADER.href)}))`,
    `.then(() => import(${JSON.stringify(entry.href)}))`,
  ].join('');
  // The hooks module registers itself only where this variable is unset: here it is registered above.
  return new Worker(start, { eval: true, workerData, env: { ...process.env, SPANSCOPE_RAW_LOADER: '1' } });
}
