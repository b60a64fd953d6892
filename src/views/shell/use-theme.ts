/**
 * The theme on screen: the theme a trace or diff link asks for (`theme=`, embeds), else the stored
 * preference, or the system's when the preference is 'system' (followed live). `applyTheme` puts it on <html>: `data-theme` and color-scheme for the
 * stylesheets, and the shared colours of render/theme.ts as CSS custom properties, so that the
 * panels and the canvas draw with the same values. main.tsx applies it before the app's first
 * paint; `useThemeSync` keeps it in step.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { themeVariables } from '../../render/theme.ts';
import { effectiveTheme, systemTheme, type Theme, usePreferences } from '../../state/preferences.ts';
import { currentLinkTheme, useLinkTheme } from './use-embed.ts';

function subscribeSystemTheme(onChange: () => void): () => void {
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

export function useTheme(): Theme {
  const pref = usePreferences((p) => p.theme);
  const system = useSyncExternalStore(subscribeSystemTheme, systemTheme);
  return useLinkTheme() ?? effectiveTheme(pref, system);
}

/** The theme to show now, outside React. */
export function currentTheme(): Theme {
  return currentLinkTheme() ?? effectiveTheme(usePreferences.getState().theme, systemTheme());
}

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
  for (const [name, value] of Object.entries(themeVariables(theme))) root.style.setProperty(name, value);
}

export function useThemeSync(): void {
  const theme = useTheme();
  useEffect(() => applyTheme(theme), [theme]);
}
