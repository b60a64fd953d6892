/**
 * UI-only state that is neither shareable (URL) nor a preference (localStorage): overlays, the
 * load progress of the trace being opened, dismissed notices. Read it with fine-grained selectors.
 */
import { create } from 'zustand';

export interface LoadProgressView {
  readonly phase: string;
  readonly loadedBytes: number;
  readonly totalBytes: number | null;
  readonly spanCount?: number;
}

export interface Toast {
  readonly id: number;
  readonly text: string;
  readonly kind: 'info' | 'error';
}

export interface UiState {
  readonly helpOpen: boolean;
  /** Progress of the trace being loaded, keyed by the trace's cache key. */
  readonly loadProgress: Readonly<Record<string, LoadProgressView>>;
  /** Search strings whose URL notices the user dismissed. */
  readonly dismissedNotices: readonly string[];
  readonly toasts: readonly Toast[];
}

export const useUi = create<UiState>(() => ({
  helpOpen: false,
  loadProgress: {},
  dismissedNotices: [],
  toasts: [],
}));

export function setHelpOpen(open: boolean): void {
  useUi.setState({ helpOpen: open });
}

export function setLoadProgress(key: string, progress: LoadProgressView | null): void {
  useUi.setState((s) => {
    const next = { ...s.loadProgress };
    if (progress) next[key] = progress;
    else delete next[key];
    return { loadProgress: next };
  });
}

export function dismissNotices(search: string): void {
  useUi.setState((s) => ({ dismissedNotices: [...s.dismissedNotices.slice(-20), search] }));
}

let toastId = 0;
const TOAST_MS = 3500;

/** A short message at the bottom of the screen (copied, exported, …), gone after a few seconds. */
export function showToast(text: string, kind: Toast['kind'] = 'info'): void {
  const id = ++toastId;
  useUi.setState((s) => ({ toasts: [...s.toasts.slice(-3), { id, text, kind }] }));
  setTimeout(() => useUi.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), TOAST_MS);
}
