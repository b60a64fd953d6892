import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { themeVariables } from '../../render/theme.ts';

const dir = import.meta.dirname;
const sheets = readdirSync(dir).filter((f) => f.endsWith('.css'));
const base = readFileSync(join(dir, 'base.css'), 'utf8');
/** Custom properties base.css defines, per block: `:root` and `:root[data-theme="dark"]`. */
const defined = (block: string) => new Set([...block.matchAll(/^\s*(--[\w-]+):/gm)].map((m) => m[1]));
const darkStart = base.indexOf(':root[data-theme="dark"]');
const lightDefined = defined(base.slice(0, darkStart));
const darkDefined = new Set([
  ...lightDefined,
  ...defined(base.slice(darkStart, base.indexOf('}', darkStart))),
]);

describe('stylesheet colours', () => {
  it('define none of the shared colours themselves (render/theme.ts does)', () => {
    for (const name of Object.keys(themeVariables('light'))) {
      expect(lightDefined.has(name), name).toBe(false);
      expect(darkDefined.has(name), name).toBe(false);
    }
  });

  it.each(['light', 'dark'] as const)('use only variables that exist in the %s theme', (theme) => {
    const known = new Set([
      ...(theme === 'dark' ? darkDefined : lightDefined),
      ...Object.keys(themeVariables(theme)),
    ]);
    for (const sheet of sheets) {
      const used = [...readFileSync(join(dir, sheet), 'utf8').matchAll(/var\((--[\w-]+)/g)].map((m) => m[1]);
      for (const name of used) expect(known.has(name), `${sheet}: ${name}`).toBe(true);
    }
  });
});
