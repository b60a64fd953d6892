/**
 * Every diff-page action (buttons and keys): select a merged node (the URL's span), step through
 * the differences (`n`/`N`), the only-differences filter (`o`), side by side / merged (`m`), the
 * shared or own time axes (`t`), copy link (`y`), Esc. Keys the focused waterfall or a text field
 * already used are left alone.
 */
import { useEffect, useMemo, useRef } from 'react';
import { diffSpanId } from '../../core/diff/diff-span.ts';
import { setDiffView, useDiffView } from '../../state/diff-view.ts';
import { useLocation } from '../../state/location.ts';
import { showToast, useUi } from '../../state/ui.ts';
import { shareableUrl } from '../../state/url.ts';
import { isTypingTarget } from '../shell/shortcuts.ts';
import { copyText } from '../trace/browser-io.ts';
import { type DiffModel, stepDifference } from './diff-model.ts';

export interface DiffCommands {
  select(node: number): void;
  nextDifference(): void;
  prevDifference(): void;
  toggleOnly(): void;
  toggleMode(): void;
  toggleAxis(): void;
  copyLink(): void;
  clearSelection(): void;
}

export async function copyCurrentLink(): Promise<void> {
  const { pathname, search } = useLocation.getState();
  const url = shareableUrl(window.location.origin, pathname, search);
  const ok = await copyText(url);
  showToast(ok ? 'Link copied' : `Copy failed; the link is ${url}`, ok ? 'info' : 'error');
}

export function useDiffCommands(model: DiffModel, selected: number): DiffCommands {
  const only = useDiffView((s) => s.only);
  const mode = useDiffView((s) => s.mode);
  const axis = useDiffView((s) => s.axis);
  const state = useRef({ model, selected, only, mode, axis });
  state.current = { model, selected, only, mode, axis };
  return useMemo(() => {
    const select = (node: number) =>
      setDiffView({ spanId: node >= 0 ? diffSpanId(state.current.model, node) : null });
    const step = (dir: 1 | -1) => {
      const { model, selected } = state.current;
      const next = stepDifference(model, selected, dir);
      if (next >= 0) select(next);
      else showToast('No differences between the two traces');
    };
    return {
      select,
      nextDifference: () => step(1),
      prevDifference: () => step(-1),
      toggleOnly: () => setDiffView({ only: !state.current.only }),
      toggleMode: () => setDiffView({ mode: state.current.mode === 'side' ? 'merged' : 'side' }, 'push'),
      toggleAxis: () => setDiffView({ axis: state.current.axis === 'shared' ? 'own' : 'shared' }),
      copyLink: () => void copyCurrentLink(),
      clearSelection: () => select(-1),
    };
  }, []);
}

const KEYS: Record<string, keyof DiffCommands> = {
  n: 'nextDifference',
  N: 'prevDifference',
  o: 'toggleOnly',
  m: 'toggleMode',
  t: 'toggleAxis',
  y: 'copyLink',
  Escape: 'clearSelection',
};

/** The keys above, on the document (before the window-level global shortcuts). */
export function useDiffKeys(commands: DiffCommands): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e.target) || useUi.getState().helpOpen) return;
      const command = KEYS[e.key];
      if (!command) return;
      e.preventDefault();
      (commands[command] as () => void)();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [commands]);
}
