/**
 * User preferences, kept in localStorage: the colour theme ('system' follows prefers-color-scheme)
 * and the width of the span detail panel.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export interface Preferences {
  readonly theme: ThemePreference;
  readonly detailWidthPx: number;
}

export const DETAIL_WIDTH_RANGE_PX = [300, 900] as const;

export const usePreferences = create<Preferences>()(
  persist((): Preferences => ({ theme: 'system', detailWidthPx: 440 }), {
    name: 'spanscope.preferences',
    version: 1,
    storage: createJSONStorage(() => localStorage),
    // A hand-edited or foreign value must not break the app: keep only what is valid.
    merge: (stored, current) => {
      const s = (stored ?? {}) as Partial<Preferences>;
      const theme = s.theme === 'light' || s.theme === 'dark' ? s.theme : current.theme;
      const width = Number(s.detailWidthPx);
      const detailWidthPx =
        width >= DETAIL_WIDTH_RANGE_PX[0] && width <= DETAIL_WIDTH_RANGE_PX[1]
          ? width
          : current.detailWidthPx;
      return { ...current, theme, detailWidthPx };
    },
  }),
);

export function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

export function effectiveTheme(pref: ThemePreference, system: Theme): Theme {
  return pref === 'system' ? system : pref;
}

/** The toggle flips what is on screen; choosing the system's own theme goes back to following it. */
export function toggleTheme(): void {
  const system = systemTheme();
  const shown = effectiveTheme(usePreferences.getState().theme, system);
  const next: Theme = shown === 'dark' ? 'light' : 'dark';
  usePreferences.setState({ theme: next === system ? 'system' : next });
}

export function setDetailWidth(px: number): void {
  const [min, max] = DETAIL_WIDTH_RANGE_PX;
  usePreferences.setState({ detailWidthPx: Math.round(Math.min(max, Math.max(min, px))) });
}
