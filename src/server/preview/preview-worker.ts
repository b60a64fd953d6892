/**
 * Entry point of the preview worker thread (bundled to dist/server/preview-worker.mjs): decoding,
 * laying out and painting a preview, up to a million spans, never runs on the HTTP thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { paletteFor } from '../../render/theme.ts';
import { DEFAULT_LIMITS, messageCard, type RenderLimits } from './preview-job.ts';
import { servePreviews } from './serve-previews.ts';

if (!parentPort) throw new Error('preview-worker.ts runs as a worker thread (see preview-pool.ts)');
servePreviews(parentPort, { ...DEFAULT_LIMITS, ...(workerData as Partial<RenderLimits> | undefined) });
// A first card loads Skia's fonts and compiles the painters before the first job needs them.
void messageCard('Spanscope', 'Warming up', 'Warming up', '', paletteFor('light'));
