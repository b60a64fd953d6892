/**
 * The current location as a zustand store over the History API. Navigation pushes an entry; view
 * adjustments (selection, zoom, typing in find) replace it. The store is updated at once, but
 * replaceState of the same page is coalesced: Chromium throttles a page that calls it hundreds of
 * times in a few seconds (a held-down `j` key or a zoom gesture would), and the URL only needs to be
 * right when someone reads or copies it. A replace that changes the page (a local file's trace
 * becoming its shareable `/trace/<id>`) is written at once: the address bar is what changed.
 */
import { create } from 'zustand';

export interface LocationState {
  readonly pathname: string;
  readonly search: string;
}

const REPLACE_DELAY_MS = 150;

function readWindow(): LocationState {
  if (typeof window === 'undefined') return { pathname: '/', search: '' };
  return { pathname: window.location.pathname, search: window.location.search };
}

export const useLocation = create<LocationState>(readWindow);

let pendingReplace: ReturnType<typeof setTimeout> | null = null;

function splitHref(href: string): LocationState {
  const url = new URL(href, 'http://x');
  return { pathname: url.pathname, search: url.search };
}

/** Writes a pending replaceState now (before a push, or before the URL is read by someone else). */
export function flushLocation(): void {
  if (pendingReplace === null) return;
  clearTimeout(pendingReplace);
  pendingReplace = null;
  const { pathname, search } = useLocation.getState();
  window.history.replaceState(window.history.state, '', pathname + search);
}

/** Goes to an app path (`/trace/…?span=…`): a new history entry, or `replace` for view adjustments. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  const next = splitHref(href);
  const now = useLocation.getState();
  if (next.pathname === now.pathname && next.search === now.search) return;
  if (options.replace) {
    useLocation.setState(next);
    if (pendingReplace !== null) clearTimeout(pendingReplace);
    pendingReplace = setTimeout(flushLocation, REPLACE_DELAY_MS);
    if (next.pathname !== now.pathname) flushLocation();
    return;
  }
  flushLocation();
  window.history.pushState(null, '', next.pathname + next.search);
  useLocation.setState(next);
  if (next.pathname !== now.pathname) window.scrollTo(0, 0);
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    if (pendingReplace !== null) clearTimeout(pendingReplace);
    pendingReplace = null;
    useLocation.setState(readWindow());
  });
  window.addEventListener('pagehide', flushLocation);
}
