import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';

const script = join(import.meta.dirname, 'check-layers.mjs');

/**
 * Writes the files into a fresh tree and runs the script on it. Unless `readmes` is false, every
 * folder without a README.md of its own among `files` gets one listing all its entries, so that
 * import tests see import problems only.
 */
function check(files: Record<string, string>, readmes = true): { code: number; output: string } {
  const src = mkdtempSync(join(tmpdir(), 'layers-'));
  const entries = new Map<string, Set<string>>([['.', new Set()]]);
  for (const path of Object.keys(files)) {
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/') || '.';
      if (!entries.has(dir)) entries.set(dir, new Set());
      entries.get(dir)!.add(i < parts.length - 1 ? `${parts[i]}/` : parts[i]);
    }
  }
  const all: Record<string, string> = {};
  for (const [dir, names] of readmes ? entries : []) {
    const readme = dir === '.' ? 'README.md' : `${dir}/README.md`;
    all[readme] = `# ${dir}\n\n${[...names].map((n) => `- \`${n}\`: something.`).join('\n')}\n`;
  }
  Object.assign(all, files);
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(src, path)), { recursive: true });
    writeFileSync(join(src, path), text);
  }
  try {
    return {
      code: 0,
      output: execFileSync('node', [script, '--src', src], { encoding: 'utf8', stdio: 'pipe' }),
    };
  } catch (e) {
    const err = e as { status: number; stderr: string };
    return { code: err.status, output: err.stderr };
  }
}

describe('check:layers: imports', () => {
  test('passes on allowed imports', () => {
    const r = check({
      'core/model/a.ts': "import { b } from './b.ts';\nimport protobuf from 'protobufjs';",
      'core/model/b.ts': 'export const b = 1;',
      'server/x.ts': "import { readFileSync } from 'node:fs';\nimport { b } from '../core/model/b.ts';",
      'views/v.tsx': "import { b } from '../core/model/b.ts';\nimport React from 'react';",
    });
    expect(r).toEqual({ code: 0, output: 'check:layers: ok\n' });
  });

  test.each([
    ['core/a.ts', "import { readFileSync } from 'node:fs';", 'Node built-in node:fs'],
    ['core/a.ts', "import React from 'react';", 'the package react'],
    ['core/a.ts', "import { x } from '../views/x.ts';", "layer 'core' may not import views/x.ts"],
    ['render/p.ts', "import { t } from '../core/tree/t.ts';", "layer 'render' may not import core/tree/t.ts"],
    ['views/v.tsx', "import { s } from '../server/s.ts';", "layer 'views' may not import server/s.ts"],
    ['server/s.ts', "const v = await import('../views/v.tsx');", "layer 'server' may not import views/v.tsx"],
  ])('fails on a forbidden import in %s', (file, text, message) => {
    const r = check({ [file]: text });
    expect(r.code).toBe(1);
    expect(r.output).toContain(message);
  });

  test('test files are exempt', () => {
    expect(check({ 'core/a.test.ts': "import { readFileSync } from 'node:fs';" }).code).toBe(0);
  });
});

describe('check:layers: src/testing stays with the tests', () => {
  test('tests and src/testing may import it; src/testing may import core, server and render', () => {
    const r = check({
      'testing/fake.ts': "import { p } from '../render/p.ts';\nimport { s } from '../server/s.ts';",
      'testing/more.ts': "import { f } from './fake.ts';\nimport { readFileSync } from 'node:fs';",
      'render/p.ts': 'export const p = 1;',
      'render/p.test.ts': "import { f } from '../testing/fake.ts';",
      'server/s.ts': 'export const s = 1;',
      'core/deep/x.test.ts': "import { f } from '../../testing/fake.ts';",
    });
    expect(r).toEqual({ code: 0, output: 'check:layers: ok\n' });
  });

  test.each([
    ['views/v.tsx', "import { f } from '../testing/fake.ts';", 'src/testing/fake.ts'],
    ['server/store/s.ts', "export { f } from '../../testing/fake.ts';", 'src/testing/fake.ts'],
    ['core/demo/gen.ts', "const m = await import('../../testing/fake.ts');", 'src/testing/fake.ts'],
    ['main.tsx', "import { f } from './testing/fake.ts';", 'src/testing/fake.ts'],
  ])('fails when product code (%s) imports it', (file, text, target) => {
    const r = check({ [file]: text, 'testing/fake.ts': 'export const f = 1;' });
    expect(r.code).toBe(1);
    expect(r.output).toContain(`src/${file}: product code may not import ${target}`);
    // One problem, not a second one about the layer.
    expect(r.output).toContain('1 problem(s)');
  });
});

describe('check:layers: folder READMEs', () => {
  test('every file and subfolder must be listed in backticks; tests and README.md need not', () => {
    const r = check({
      'render/README.md': '# render\n\n- `paint.ts`: paints.\n- `sub/`: helpers.\n- `theme.css`: colours.\n',
      'render/paint.ts': '',
      'render/paint.test.ts': '',
      'render/view.test.tsx': '',
      'render/theme.css': '',
      'render/sub/a.ts': '',
    });
    expect(r).toEqual({ code: 0, output: 'check:layers: ok\n' });
  });

  test('names what a README leaves out, files and subfolders', () => {
    const r = check({
      'render/README.md': '# render\n\nPaints with paint.ts (not in backticks).\n- `other.ts`: listed.\n',
      'render/paint.ts': '',
      'render/other.ts': '',
      'render/data.json': '',
      'render/sub/a.ts': '',
    });
    expect(r.code).toBe(1);
    expect(r.output).toContain('src/render/README.md: leaves out `data.json`, `paint.ts`, `sub/`');
  });

  test('a folder with no README fails, naming it, src/ itself included', () => {
    const r = check({ 'core/README.md': '- `model/`: types.', 'core/model/a.ts': '' }, false);
    expect(r.code).toBe(1);
    expect(r.output).toContain('src/: no README.md');
    expect(r.output).toContain('src/core/model/: no README.md');
    expect(r.output).not.toContain('src/core/: no README.md');
  });

  test('a subfolder counts as listed by `name/` or by a path inside it', () => {
    const r = check({
      'core/README.md': '- `tempo/search.ts`: search answers.\n- `model/`: types.\n- `tree`: trees.\n',
      'core/tempo/search.ts': '',
      'core/model/a.ts': '',
      'core/tree/b.ts': '',
    });
    expect(r).toEqual({ code: 0, output: 'check:layers: ok\n' });
  });

  test('a bare .ts/.tsx/.css name in backticks must be a file of that folder; paths and code blocks are not', () => {
    const r = check({
      'views/README.md': [
        '- `page.tsx`: the page.',
        '- `gone.ts`, `old-panel.tsx`: removed last week.',
        '- `styles.css`: also gone.',
        'Uses `../render/theme.ts`, `core/x.ts`, `*.test.ts` and `decodeInput`.',
        '```',
        'see `fenced.ts`',
        '```',
      ].join('\n'),
      'views/page.tsx': '',
    });
    expect(r.code).toBe(1);
    expect(r.output).toContain(
      'src/views/README.md: lists `gone.ts`, `old-panel.tsx`, `styles.css`, not a file of src/views/',
    );
    expect(r.output).not.toContain('theme.ts');
    expect(r.output).not.toContain('fenced.ts');
    expect(r.output).toContain('1 problem(s)');
  });

  test('a listed test file that no longer exists is stale too', () => {
    const r = check({ 'core/README.md': '- `a.ts`\n- `a.test.ts`: its tests.', 'core/a.ts': '' });
    expect(r.code).toBe(1);
    expect(r.output).toContain('src/core/README.md: lists `a.test.ts`, not a file of src/core/');
  });
});

describe('check:layers: locale formatting', () => {
  test.each([
    ['views/v.tsx', 'const t = n.toLocaleString("en-US") + " spans";', 'src/views/v.tsx:1'],
    ['render/r.ts', 'const d = new Date(0);\nd.toLocaleDateString();', 'src/render/r.ts:2'],
    ['core/a.ts', 'const f = new Intl.NumberFormat("en-US");', 'src/core/a.ts:1'],
    ['state/s.ts', 'names.sort((a, b) => a.localeCompare(b));', 'src/state/s.ts:1'],
  ])('fails where the browser runs it: %s', (file, text, where) => {
    const r = check({ [file]: text });
    expect(r.code).toBe(1);
    expect(r.output).toContain(`${where}: locale formatting loads ICU's data`);
  });

  test('the server, src/testing and the share-text fallback may', () => {
    const r = check({
      'server/s.ts': 'n.toLocaleString();',
      'testing/t.ts': 'new Intl.Collator();',
      'core/share/share-text.ts': "n.toLocaleString('en-US');",
    });
    expect(r).toEqual({ code: 0, output: 'check:layers: ok\n' });
  });
});
