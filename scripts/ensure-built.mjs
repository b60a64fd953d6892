#!/usr/bin/env node
// `npm start` and `npm run bench` build first when dist/ is missing or older than the sources.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = ['dist/app/index.html', 'dist/server/cli.mjs'];
const stale =
  built.some((f) => !existsSync(f)) ||
  Math.min(...built.map((f) => statSync(f).mtimeMs)) <
    Math.max(newest('src'), statSync('index.html').mtimeMs);
if (stale) {
  console.log('spanscope: building the app and the server (npm run build)…');
  // A production build whatever the caller's NODE_ENV (vitest sets it to 'test').
  execSync('npm run build', { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
