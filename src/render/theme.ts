/**
 * Light and dark palettes of the waterfall. Service colours are mid-lightness hues that stay
 * readable as bars on both backgrounds and never use red, which means "error".
 */

/**
 * Tableau 20 without its two reds (red means "error"): deep tones first, then their light
 * partners, so neighbouring slots (taken when two services hash alike) still differ in hue. The
 * same list serves both themes: a service keeps its colour when the theme changes.
 */
export const SERVICE_COLOURS: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#499894',
  '#b6992d',
  '#d37295',
  '#9d7660',
  '#79706e',
  '#a0cbe8',
  '#ffbe7d',
  '#8cd17d',
  '#d4a6c8',
  '#86bcb6',
  '#f1ce63',
  '#fabfd2',
  '#d7b5a6',
  '#bab0ac',
];

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
  services: SERVICE_COLOURS,
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
  gridLine: '#24282e',
  divider: '#343a42',
  indentGuide: '#2e343c',
  toggle: '#a4adb8',
  error: '#ff5a5a',
  errorText: '#16191d',
  eventTick: 'rgba(0,0,0,0.6)',
  selectedOutline: '#8ab8ff',
  criticalPath: '#0b0d10',
  rangeSelection: 'rgba(138,184,255,0.18)',
  rangeSelectionBorder: '#8ab8ff',
  scrollbarThumb: 'rgba(255,255,255,0.3)',
  minimapBackground: '#1e2227',
  minimapDensity: [138, 184, 255],
  minimapShade: 'rgba(0,0,0,0.38)',
  minimapWindow: '#8ab8ff',
  services: SERVICE_COLOURS,
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

/**
 * Palette slot of every interned string, computed once per trace. Services (the string indices in
 * `serviceIndices`) take the slot their name hashes to, or the next free one, so that up to
 * `slotCount` services of one trace all differ while a service usually keeps its colour across traces.
 */
export function serviceSlots(
  strings: readonly string[],
  serviceIndices: ArrayLike<number>,
  slotCount: number,
): Uint8Array {
  const out = new Uint8Array(strings.length);
  // A mark per string, not a Set: a million spans name only a few services.
  const isService = new Uint8Array(strings.length);
  for (let i = 0; i < serviceIndices.length; i++) isService[serviceIndices[i]] = 1;
  const services: number[] = [];
  for (let i = 0; i < strings.length; i++) if (isService[i]) services.push(i);
  services.sort((a, b) => (strings[a] < strings[b] ? -1 : 1));
  const taken = new Uint8Array(slotCount);
  let free = slotCount;
  for (const i of services) {
    let slot = hashString(strings[i]) % slotCount;
    if (free > 0) {
      while (taken[slot]) slot = (slot + 1) % slotCount;
      taken[slot] = 1;
      free--;
    }
    out[i] = slot;
  }
  return out;
}

/** Black or white, whichever reads better on `hex`. */
export function textColourOn(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const lum = 0.2126 * ((n >> 16) & 255) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255);
  return lum > 150 ? '#16191d' : '#ffffff';
}
