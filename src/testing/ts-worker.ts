/**
 * Tests only: a worker thread running a TypeScript entry from source (tsx registered inside the
 * worker first), where the built server would start its bundled `.mjs` instead.
 */
import { Worker } from 'node:worker_threads';

export function tsWorker(entry: URL, workerData?: unknown): Worker {
  const start = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(start, { eval: true, workerData });
}
