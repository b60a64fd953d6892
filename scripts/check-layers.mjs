#!/usr/bin/env node
// Fails when a file under src/ imports across a forbidden layer boundary (STYLE.md "Allowed imports").
// Test files (*.test.ts) are exempt: they may read fixtures with node:fs.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// `--src DIR` checks another tree (the script's own test uses it).
const srcArg = process.argv.indexOf('--src');
const src =
  srcArg > 0
    ? resolve(process.argv[srcArg + 1])
    : join(dirname(new URL(import.meta.url).pathname), '..', 'src');

/** Which src/ areas each layer may import, and which packages. */
const RULES = {
  core: { areas: ['core'], packages: ['protobufjs', 'fflate'] },
  worker: { areas: ['core', 'worker'], packages: ['protobufjs', 'fflate'] },
  render: { areas: ['render', 'core/model', 'core/layout'], packages: ['d3-scale'] },
  data: { areas: ['data', 'core'], packages: ['@tanstack/react-query'] },
  state: { areas: ['state', 'core'], packages: ['zustand'] },
  views: { areas: ['views', 'core', 'worker', 'render', 'data', 'state'], packages: '*' },
  server: { areas: ['server', 'core'], packages: '*', node: true },
  testing: { areas: ['testing', 'core', 'server'], packages: '*', node: true },
};

/** Test support still in a product folder (it is moving to src/testing): exempt like a test file. */
const TEST_SUPPORT = new Set(['render/test-frame.ts']);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else if (
      /\.(ts|tsx)$/.test(entry.name) &&
      !/\.test\.tsx?$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
    )
      yield p;
  }
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
const problems = [];
for (const file of walk(src)) {
  const rel = relative(src, file);
  if (TEST_SUPPORT.has(rel)) continue;
  const layer = rel.split('/')[0];
  const rule = RULES[layer];
  if (!rule) {
    if (rel.includes('/')) problems.push(`${rel}: folder src/${layer} is not a known layer`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT)) {
    const spec = (m[1] ?? m[2] ?? m[3]).replace(/\?.*$/, '');
    if (spec.startsWith('.')) {
      const target = relative(src, resolve(dirname(file), spec));
      if (target.startsWith('..')) {
        problems.push(`${rel}: imports ${spec}, outside src/`);
        continue;
      }
      if (!rule.areas.some((a) => target === a || target.startsWith(`${a}/`)))
        problems.push(
          `${rel}: layer '${layer}' may not import ${target} (allowed: ${rule.areas.join(', ')})`,
        );
    } else if (
      spec.startsWith('node:') ||
      /^(fs|path|os|zlib|http|https|net|worker_threads|child_process|crypto|stream|url|util)$/.test(spec)
    ) {
      if (!rule.node) problems.push(`${rel}: layer '${layer}' may not import the Node built-in ${spec}`);
    } else if (rule.packages !== '*') {
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!rule.packages.includes(pkg))
        problems.push(`${rel}: layer '${layer}' may not import the package ${pkg}`);
    }
  }
}

if (problems.length) {
  console.error(`check:layers: ${problems.length} forbidden import(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('check:layers: ok');
