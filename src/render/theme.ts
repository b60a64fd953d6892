/**
 * Light and dark palettes of the waterfall. Service colours are mid-lightness hues that stay
 * readable as bars on both backgrounds and never use red, which means "error".
 */

export interface Palette {
  readonly name: 'light' | 'dark';
  readonly background: string;
  readonly headerBackground: string;
  readonly rowStripe: string;
  readonly rowHover: string;
  readonly rowSelected: string;
  readonly rowMatch: string;
  readonly matchMarker: string;
  readonly text: string;
  readonly textMuted: string;
  readonly textOnBar: string;
  readonly gridLine: string;
  readonly divider: string;
  readonly indentGuide: string;
  readonly toggle: string;
  readonly error: string;
  readonly errorText: string;
  readonly eventTick: string;
  readonly selectedOutline: string;
  readonly criticalPath: string;
  readonly rangeSelection: string;
  readonly rangeSelectionBorder: string;
  readonly scrollbarThumb: string;
  readonly minimapBackground: string;
  readonly minimapDensity: readonly [number, number, number];
  readonly minimapShade: string;
  readonly minimapWindow: string;
  readonly services: readonly string[];
}

export const lightPalette: Palette = {
  name: 'light',
  background: '#ffffff',
  headerBackground: '#f6f7f9',
  rowStripe: '#fafbfc',
  rowHover: '#eef3fb',
  rowSelected: '#dce8fb',
  rowMatch: '#fff4c2',
  matchMarker: '#e0a800',
  text: '#1c2128',
  textMuted: '#5b6470',
  textOnBar: '#ffffff',
  gridLine: '#eceef1',
  divider: '#d5d9df',
  indentGuide: '#dfe3e8',
  toggle: '#5b6470',
  error: '#d42a2a',
  errorText: '#ffffff',
  eventTick: 'rgba(0,0,0,0.55)',
  selectedOutline: '#1f5fbf',
  criticalPath: '#111418',
  rangeSelection: 'rgba(31,95,191,0.14)',
  rangeSelectionBorder: '#1f5fbf',
  scrollbarThumb: 'rgba(0,0,0,0.28)',
  minimapBackground: '#f6f7f9',
  minimapDensity: [45, 92, 160],
  minimapShade: 'rgba(120,130,145,0.28)',
  minimapWindow: '#1f5fbf',
  services: [
    '#3778c2',
    '#e07b28',
    '#3f9a52',
    '#8c5fc0',
    '#1f9e9a',
    '#c49a12',
    '#cc5f9d',
    '#86664a',
    '#5a78d8',
    '#72a82e',
    '#b8622a',
    '#2f93c9',
    '#a263b8',
    '#2b8a5e',
    '#c0712f',
    '#61789c',
  ],
};

export const darkPalette: Palette = {
  name: 'dark',
  background: '#16191d',
  headerBackground: '#1e2227',
  rowStripe: '#191c21',
  rowHover: '#232a33',
  rowSelected: '#1f3350',
  rowMatch: '#3d3514',
  matchMarker: '#f2c230',
  text: '#e3e7ec',
  textMuted: '#98a2ae',
  textOnBar: '#0c0e10',
  gridLine: '#24282e',
  divider: '#343a42',
  indentGuide: '#2e343c',
  toggle: '#a4adb8',
  error: '#ff5a5a',
  errorText: '#16191d',
  eventTick: 'rgba(0,0,0,0.6)',
  selectedOutline: '#8ab8ff',
  criticalPath: '#f4f6f8',
  rangeSelection: 'rgba(138,184,255,0.18)',
  rangeSelectionBorder: '#8ab8ff',
  scrollbarThumb: 'rgba(255,255,255,0.3)',
  minimapBackground: '#1e2227',
  minimapDensity: [138, 184, 255],
  minimapShade: 'rgba(0,0,0,0.38)',
  minimapWindow: '#8ab8ff',
  services: [
    '#5b9be6',
    '#f29a52',
    '#5cbd70',
    '#a98be0',
    '#3cc2bd',
    '#e3bd3b',
    '#e585bb',
    '#b08c6c',
    '#7e98f0',
    '#97cc4f',
    '#d98550',
    '#55b5e8',
    '#c287d6',
    '#4fb384',
    '#e0955a',
    '#8aa0c4',
  ],
};

export function paletteFor(theme: 'light' | 'dark'): Palette {
  return theme === 'dark' ? darkPalette : lightPalette;
}

/** FNV-1a: a service keeps its colour across traces and reloads. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Palette slot of every interned string (used for service names), computed once per trace. */
export function serviceSlots(strings: readonly string[], slotCount: number): Uint8Array {
  const out = new Uint8Array(strings.length);
  for (let i = 0; i < strings.length; i++) out[i] = hashString(strings[i]) % slotCount;
  return out;
}
