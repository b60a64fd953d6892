/**
 * The theme on screen: the stored preference, or the system's when the preference is 'system'
 * (followed live). `useThemeSync` puts it on <html data-theme> for the stylesheets.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { effectiveTheme, systemTheme, type Theme, usePreferences } from '../../state/preferences.ts';

function subscribeSystemTheme(onChange: () => void): () => void {
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

export function useTheme(): Theme {
  const pref = usePreferences((p) => p.theme);
  const system = useSyncExternalStore(subscribeSystemTheme, systemTheme);
  return effectiveTheme(pref, system);
}

export function useThemeSync(): void {
  const theme = useTheme();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
}
