#!/usr/bin/env node
// Checks the shape of src/ that STYLE.md asks for, and fails (exit 1) listing every problem:
//
// 1. Imports: a file may import only the src/ areas and packages its layer allows ("Allowed imports").
//    Test files (*.test.ts, *.test.tsx) are exempt: they may read fixtures with node:fs.
// 2. Test helpers stay in tests: no product file (any file outside src/testing but a test file, at
//    any depth, src/ root included) imports from src/testing/. src/testing may import core, server
//    and render (a fake 2D context and waterfall frames for painter tests).
// 3. READMEs: every folder, src/ itself included, has a README.md that lists each of its files and
//    subfolders. An entry counts as listed when a `backtick span` of the README is exactly its name
//    (for a subfolder also `name/…`, e.g. `proto/` or `tempo/search.ts`). *.test.ts(x), README.md and
//    dotfiles need not be listed. Fenced code blocks are ignored.
// 4. Stale READMEs: a backtick span that is a bare file name (no slash) ending in .ts, .tsx or .css
//    is taken as a file of that folder and must exist there. To name a file of another folder,
//    write a path (`../render/theme.ts`, `transfer/detail-json.ts`).
// 5. No locale formatting where the browser runs it (every layer but server and testing): the
//    `toLocale…` methods, `localeCompare` and `Intl.` load ICU's locale data on first use, 14–25 ms
//    on the page's thread while a view draws its first frame (profiled, 2026-12); numbers are
//    written by core/share/share-text.ts (countText), whose rare fallback is the one exception.
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
  core: { areas: ['core'], packages: ['protobufjs', 'fflate', 're2js'] },
  worker: { areas: ['core', 'worker'], packages: ['protobufjs', 'fflate', 're2js'] },
  render: { areas: ['render', 'core/model', 'core/layout'], packages: ['d3-scale'] },
  data: { areas: ['data', 'core'], packages: ['@tanstack/react-query'] },
  state: { areas: ['state', 'core'], packages: ['zustand'] },
  views: { areas: ['views', 'core', 'worker', 'render', 'data', 'state'], packages: '*' },
  // render: link preview images are drawn by the app's own painters (src/server/preview).
  server: { areas: ['server', 'core', 'render'], packages: '*', node: true },
  testing: { areas: ['testing', 'core', 'server', 'render', 'worker'], packages: '*', node: true },
};

const isTest = (name) => /\.test\.tsx?$/.test(name);
/** The layer of a path relative to src/ (its first folder), '' for a file at the src/ root. */
const layerOf = (rel) => (rel.includes('/') ? rel.split('/')[0] : '');
const within = (path, area) => path === area || path.startsWith(`${area}/`);
/** How problems name a path of the tree: `src/render/paint.ts`. */
const shown = (rel) => (rel ? `src/${rel}` : 'src');

function* walkFolders(dir) {
  yield dir;
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    if (entry.isDirectory() && !entry.name.startsWith('.')) yield* walkFolders(join(dir, entry.name));
}

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(p);
    else if (/\.(ts|tsx)$/.test(entry.name) && !isTest(entry.name) && !entry.name.endsWith('.d.ts')) yield p;
  }
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
const NODE_BUILTIN = /^(fs|path|os|zlib|http|https|net|worker_threads|child_process|crypto|stream|url|util)$/;

function checkImports(problems) {
  for (const file of sourceFiles(src)) {
    const rel = relative(src, file);
    const layer = layerOf(rel);
    const rule = RULES[layer];
    if (!rule && layer) problems.push(`${shown(rel)}: folder src/${layer} is not a known layer`);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2] ?? m[3]).replace(/\?.*$/, '');
      if (spec.startsWith('.')) {
        const target = relative(src, resolve(dirname(file), spec));
        if (target.startsWith('..')) problems.push(`${shown(rel)}: imports ${spec}, outside src/`);
        else if (within(target, 'testing') && layer !== 'testing')
          problems.push(
            `${shown(rel)}: product code may not import ${shown(target)} (test helpers: only tests and src/testing may)`,
          );
        else if (rule && !rule.areas.some((a) => within(target, a)))
          problems.push(
            `${shown(rel)}: layer '${layer}' may not import ${target} (allowed: ${rule.areas.join(', ')})`,
          );
      } else if (!rule) {
        // Files at the src/ root (and of unknown layers) are only held to the src/testing rule.
      } else if (spec.startsWith('node:') || NODE_BUILTIN.test(spec)) {
        if (!rule.node)
          problems.push(`${shown(rel)}: layer '${layer}' may not import the Node built-in ${spec}`);
      } else if (rule.packages !== '*') {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!rule.packages.includes(pkg))
          problems.push(`${shown(rel)}: layer '${layer}' may not import the package ${pkg}`);
      }
    }
  }
}

/** The contents of every `backtick span` of a Markdown text, fenced code blocks left out. */
function backtickSpans(markdown) {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  return new Set([...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1].trim()));
}

function checkReadmes(problems) {
  for (const dir of walkFolders(src)) {
    const rel = relative(src, dir);
    const entries = readdirSync(dir, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.'))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    if (!entries.some((e) => e.isFile() && e.name === 'README.md')) {
      problems.push(`${shown(rel)}/: no README.md (one line per file and subfolder)`);
      continue;
    }
    const readme = `${shown(rel)}/README.md`;
    const spans = backtickSpans(readFileSync(join(dir, 'README.md'), 'utf8'));
    const spanList = [...spans];
    const missing = [];
    for (const e of entries) {
      if (e.name === 'README.md' || (e.isFile() && isTest(e.name))) continue;
      const listed = e.isDirectory()
        ? spans.has(e.name) || spanList.some((s) => s.startsWith(`${e.name}/`))
        : spans.has(e.name);
      if (!listed) missing.push(e.isDirectory() ? `${e.name}/` : e.name);
    }
    if (missing.length) problems.push(`${readme}: leaves out ${missing.map((n) => `\`${n}\``).join(', ')}`);
    const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    const stale = spanList.filter((s) => /^[\w.-]+\.(ts|tsx|css)$/.test(s) && !files.has(s));
    if (stale.length)
      problems.push(
        `${readme}: lists ${stale.map((n) => `\`${n}\``).join(', ')}, not a file of ${shown(rel)}/ (a file elsewhere is named by its path)`,
      );
  }
}

const LOCALE_CALL = /\.toLocale\w*\(|\.localeCompare\(|\bIntl\./;
const LOCALE_EXEMPT = new Set(['core/share/share-text.ts']);

function checkLocaleCalls(problems) {
  for (const file of sourceFiles(src)) {
    const rel = relative(src, file);
    const layer = layerOf(rel);
    if (layer === 'server' || layer === 'testing' || LOCALE_EXEMPT.has(rel)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const [i, line] of lines.entries())
      if (LOCALE_CALL.test(line))
        problems.push(
          `${shown(rel)}:${i + 1}: locale formatting loads ICU's data on the page's thread; use countText (core/share/share-text.ts) or views/format`,
        );
  }
}

const problems = [];
checkImports(problems);
checkReadmes(problems);
checkLocaleCalls(problems);
if (problems.length) {
  console.error(`check:layers: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('check:layers: ok');
