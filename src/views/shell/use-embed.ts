/**
 * Whether the page is embedded (`?embed=1` on a trace or diff page: the view alone, for iframes),
 * and the theme its link asks for (`theme=light|dark`), from the address (state/url.ts `embedOf`).
 */
import { useLocation } from '../../state/location.ts';
import { embedOf } from '../../state/url.ts';
import type { EmbedTheme } from '../../state/view-states.ts';

export function useEmbed(): boolean {
  return useLocation((l) => embedOf(l.pathname, l.search).embed);
}

export function useLinkTheme(): EmbedTheme | null {
  return useLocation((l) => embedOf(l.pathname, l.search).theme);
}

/** The link's theme outside React. */
export function currentLinkTheme(): EmbedTheme | null {
  const { pathname, search } = useLocation.getState();
  return embedOf(pathname, search).theme;
}
