#!/usr/bin/env node
// Bundles the CLI and the server's worker threads (store, link previews, sources' trace conversions) into dist/server (npm packages
// stay external).
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

/** `import text from './x.proto?raw'`, as Vite and vitest understand it. */
const rawText = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: new URL(args.path.replace(/\?raw$/, ''), `file://${args.resolveDir}/`).pathname,
      namespace: 'raw-text',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

await build({
  entryPoints: {
    cli: 'src/server/cli.ts',
    'store-worker': 'src/server/store/store-worker.ts',
    'preview-worker': 'src/server/preview/preview-worker.ts',
    'convert-worker': 'src/server/sources/convert-worker.ts',
  },
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  outExtension: { '.js': '.mjs' },
  plugins: [rawText],
  logLevel: 'warning',
});
