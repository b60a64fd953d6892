/**
 * The colours of the app, light and dark: the semantic colours the canvas and the DOM share (defined
 * once here; the stylesheets get them as CSS custom properties through `themeVariables`), and the
 * waterfall's palettes built on them. Service colours are mid-lightness hues that stay readable as
 * bars on both backgrounds and never use red, which means "error".
 */

export type ThemeName = 'light' | 'dark';

/** The colours both the canvas and the DOM use, per theme (CSS name in brackets). */
export interface ThemeColours {
  /** Page background behind panels (--bg). */
  readonly background: string;
  /** Panels, tables, the waterfall (--surface). */
  readonly surface: string;
  /** Headers and hovered controls on a surface (--surface-2). */
  readonly surfaceRaised: string;
  readonly text: string;
  /** Secondary text: labels, durations, hints (--muted). */
  readonly textMuted: string;
  /** Borders and dividers (--border). */
  readonly border: string;
  /** Links, focus, selection outlines, pressed toggles (--accent). */
  readonly accent: string;
  /** Selected rows and pressed toggles behind accent text (--accent-soft). */
  readonly accentSoft: string;
  readonly error: string;
  readonly warning: string;
}

const LIGHT: ThemeColours = {
  background: '#f5f6f8',
  surface: '#ffffff',
  surfaceRaised: '#f0f2f5',
  text: '#1d2330',
  textMuted: '#5b6470',
  border: '#dde1e7',
  accent: '#2f6fde',
  accentSoft: '#dce8fb',
  error: '#d42a2a',
  warning: '#b26b00',
};

const DARK: ThemeColours = {
  background: '#0e1116',
  surface: '#151a21',
  surfaceRaised: '#1b212a',
  text: '#dfe4ec',
  textMuted: '#98a2ae',
  border: '#272e39',
  accent: '#5b9cff',
  accentSoft: '#1f3350',
  error: '#ff5a5a',
  warning: '#f0b44c',
};

export function themeColours(theme: ThemeName): ThemeColours {
  return theme === 'dark' ? DARK : LIGHT;
}

/** The CSS custom properties of a theme, for document.documentElement (views/shell/use-theme.ts). */
export function themeVariables(theme: ThemeName): Record<string, string> {
  const c = themeColours(theme);
  return {
    '--bg': c.background,
    '--surface': c.surface,
    '--surface-2': c.surfaceRaised,
    '--text': c.text,
    '--muted': c.textMuted,
    '--border': c.border,
    '--accent': c.accent,
    '--accent-soft': c.accentSoft,
    '--error': c.error,
    '--warning': c.warning,
  };
}

/** `#rrggbb` at an opacity, as rgba(). */
function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

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

/** What the waterfall is painted with: the theme's shared colours plus the canvas's own. */
export interface Palette {
  readonly name: ThemeName;
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
  /** Row backgrounds by RowTint slot (index 0 unused): soft enough for text on them. */
  readonly rowTints: readonly string[];
  /** The strong mark at a tinted row's left edge, by RowTint slot (index 0 unused). */
  readonly rowTintMarks: readonly string[];
  /** Outline of a ghost bar (the other trace's span, or the typical duration) and its soft fill. */
  readonly ghostOutline: string;
  readonly ghostFill: string;
}

export const lightPalette: Palette = {
  name: 'light',
  background: LIGHT.surface,
  headerBackground: LIGHT.surfaceRaised,
  rowStripe: '#fafbfc',
  rowHover: '#eef3fb',
  rowSelected: LIGHT.accentSoft,
  rowMatch: '#fff4c2',
  matchMarker: '#e0a800',
  text: LIGHT.text,
  textMuted: LIGHT.textMuted,
  gridLine: '#eceef1',
  divider: LIGHT.border,
  indentGuide: '#dfe3e8',
  toggle: LIGHT.textMuted,
  error: LIGHT.error,
  errorText: LIGHT.surface,
  eventTick: 'rgba(0,0,0,0.55)',
  selectedOutline: LIGHT.accent,
  criticalPath: '#111418',
  rangeSelection: withAlpha(LIGHT.accent, 0.14),
  rangeSelectionBorder: LIGHT.accent,
  scrollbarThumb: 'rgba(0,0,0,0.28)',
  minimapBackground: LIGHT.surfaceRaised,
  minimapDensity: [45, 92, 160],
  minimapShade: 'rgba(120,130,145,0.28)',
  minimapWindow: LIGHT.accent,
  services: SERVICE_COLOURS,
  //           added      removed    status     changed    slower 1..3                        faster 1..3
  rowTints: [
    '',
    '#e2f4df',
    '#fbe4ea',
    '#ede4fb',
    '#fbf0cf',
    '#fff0e2',
    '#ffe0c4',
    '#ffcca3',
    '#e9f1fd',
    '#d5e5fb',
    '#bfd7f8',
  ],
  rowTintMarks: [
    '',
    '#2e9a45',
    '#c23b6b',
    '#7c4dce',
    '#b98500',
    '#eea15c',
    '#e2772b',
    '#cc4e10',
    '#7fb0ea',
    '#4a8fe0',
    '#1f6fd1',
  ],
  ghostOutline: '#4b5563',
  ghostFill: 'rgba(75,85,99,0.12)',
};

export const darkPalette: Palette = {
  name: 'dark',
  background: DARK.surface,
  headerBackground: DARK.surfaceRaised,
  rowStripe: '#191c21',
  rowHover: '#232a33',
  rowSelected: DARK.accentSoft,
  rowMatch: '#3d3514',
  matchMarker: '#f2c230',
  text: DARK.text,
  textMuted: DARK.textMuted,
  gridLine: '#24282e',
  divider: DARK.border,
  indentGuide: '#2e343c',
  toggle: '#a4adb8',
  error: DARK.error,
  errorText: DARK.surface,
  eventTick: 'rgba(0,0,0,0.6)',
  selectedOutline: DARK.accent,
  criticalPath: '#0b0d10',
  rangeSelection: withAlpha(DARK.accent, 0.18),
  rangeSelectionBorder: DARK.accent,
  scrollbarThumb: 'rgba(255,255,255,0.3)',
  minimapBackground: DARK.surfaceRaised,
  minimapDensity: [138, 184, 255],
  minimapShade: 'rgba(0,0,0,0.38)',
  minimapWindow: DARK.accent,
  services: SERVICE_COLOURS,
  rowTints: [
    '',
    '#18301d',
    '#3a1b27',
    '#2a2140',
    '#322a12',
    '#30241b',
    '#43291b',
    '#582d17',
    '#17253a',
    '#1b2f4d',
    '#203b66',
  ],
  rowTintMarks: [
    '',
    '#4cc264',
    '#e0628f',
    '#a785ef',
    '#e0b23c',
    '#d98b4e',
    '#ee8740',
    '#ff7a33',
    '#5f8fd0',
    '#5b9cff',
    '#86b8ff',
  ],
  ghostOutline: '#c3cad4',
  ghostFill: 'rgba(195,202,212,0.14)',
};

export function paletteFor(theme: ThemeName): Palette {
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
