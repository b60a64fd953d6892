// Node module hooks for `import text from './file?raw'` (as Vite and vitest read it), so that
// benchmarks and scripts run under tsx can import core modules that embed text files (.proto).
import { readFile } from 'node:fs/promises';
import { register } from 'node:module';

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('?raw')) return nextLoad(url, context);
  const text = await readFile(new URL(url.slice(0, -'?raw'.length)), 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}

// Registered once per process: the hooks' own thread loads this file again (same pid), while a child
// process started with the same flags inherits the variable and must register its own.
if (process.env.SPANSCOPE_RAW_LOADER !== String(process.pid)) {
  process.env.SPANSCOPE_RAW_LOADER = String(process.pid);
  register(import.meta.url);
}
