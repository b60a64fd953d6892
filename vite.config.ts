import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// `npm run dev` serves the app with hot reload and sends API calls to a running `spanscope serve`.
const api = process.env.SPANSCOPE_API ?? 'http://127.0.0.1:7070';

/**
 * The entry (src/views/boot.ts) imports the app (main.tsx) dynamically, to start a trace's load
 * first: the page names the app's chunks as `modulepreload`s, so they are fetched and compiled with
 * the entry instead of after it ran.
 */
function preloadApp(): Plugin {
  return {
    name: 'spanscope:preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk }) {
        if (!bundle || !chunk) return;
        // The entry and what it imports statically are in the page already.
        const files = new Set<string>();
        const inPage = new Set([chunk.fileName, ...chunk.imports]);
        const add = (file: string) => {
          const c = bundle[file];
          if (files.has(file) || inPage.has(file) || c?.type !== 'chunk') return;
          files.add(file);
          for (const f of c.imports) add(f);
        };
        for (const file of chunk.dynamicImports) {
          const c = bundle[file];
          if (c?.type === 'chunk' && c.facadeModuleId?.endsWith('/src/views/main.tsx')) add(file);
        }
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), preloadApp()],
  build: { outDir: 'dist/app', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  // The worker's file holds all it imports statically (what opening a trace from the store runs, ~150
  // KB, in one request: the group of its initial modules) and no more: the file decoders, the query
  // engine and the diff are chunks loaded on first use (the decoders while the Import button is
  // pointed at: read-warm-up.ts). One 530 KB file took 40–100 ms to compile before the worker ran.
  worker: {
    format: 'es',
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'trace-worker-core', tags: ['$initial'] }] } },
    },
  },
  server: { proxy: { '/api': api, '/v1': api, '/ready': api } },
});
