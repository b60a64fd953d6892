import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` serves the app with hot reload and sends API calls to a running `spanscope serve`.
const api = process.env.SPANSCOPE_API ?? 'http://127.0.0.1:7070';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist/app', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  worker: { format: 'es' },
  server: { proxy: { '/api': api, '/v1': api, '/ready': api } },
});
