import { describe, expect, it } from 'vitest';
import {
  darkPalette,
  lightPalette,
  paletteFor,
  type ThemeName,
  themeColours,
  themeVariables,
} from './theme.ts';

describe('theme colours', () => {
  it.each<ThemeName>(['light', 'dark'])('the %s canvas palette paints with the shared colours', (theme) => {
    const c = themeColours(theme);
    const p = paletteFor(theme);
    expect(p).toBe(theme === 'dark' ? darkPalette : lightPalette);
    expect(p.background).toBe(c.surface);
    expect(p.headerBackground).toBe(c.surfaceRaised);
    expect(p.text).toBe(c.text);
    expect(p.textMuted).toBe(c.textMuted);
    expect(p.divider).toBe(c.border);
    expect(p.rowSelected).toBe(c.accentSoft);
    expect([p.selectedOutline, p.rangeSelectionBorder, p.minimapWindow]).toEqual([
      c.accent,
      c.accent,
      c.accent,
    ]);
    expect(p.error).toBe(c.error);
    expect(p.errorText).toBe(c.surface);
  });

  it('gives the stylesheets every shared colour as a custom property, in both themes', () => {
    const light = themeVariables('light');
    const dark = themeVariables('dark');
    expect(Object.keys(dark)).toEqual(Object.keys(light));
    expect(Object.keys(light)).toHaveLength(Object.keys(themeColours('light')).length);
    expect(light['--error']).toBe(lightPalette.error);
    expect(dark['--accent']).toBe(darkPalette.selectedOutline);
    for (const value of [...Object.values(light), ...Object.values(dark)])
      expect(value).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('derives the range selection from the accent', () => {
    expect(lightPalette.rangeSelection).toBe('rgba(47,111,222,0.14)');
    expect(darkPalette.rangeSelection).toBe('rgba(91,156,255,0.18)');
  });
});
