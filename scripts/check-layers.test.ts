import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';

const script = join(import.meta.dirname, 'check-layers.mjs');

function check(files: Record<string, string>): { code: number; output: string } {
  const src = mkdtempSync(join(tmpdir(), 'layers-'));
  for (const [path, text] of Object.entries(files)) {
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

describe('check:layers', () => {
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
