/**
 * When the header's query editor may load CodeMirror: at once, except while a trace or diff address
 * opens. CodeMirror's ~0.5 MB is parsed, run and mounted on the main thread, which also hands the
 * trace's answer to the worker and mounts the trace's views: it waits for the view's first frame
 * (its performance mark), or MAX_WAIT_MS when none comes (an error page, a view without a canvas).
 */
import { parseRoute } from '../../state/url.ts';

/** The first-frame marks of the views a trace or diff address opens (DESIGN §7). */
export const FIRST_FRAME_MARKS: readonly string[] = [
  'spanscope:trace-rendered',
  'spanscope:flame-rendered',
  'spanscope:diff-rendered',
];

export const MAX_WAIT_MS = 3000;

const LOADING_ROUTES = new Set(['trace', 'file-trace', 'diff', 'typical']);

/** The part of `performance` and of PerformanceObserver used (fakes in tests). */
export interface MarkSource {
  hasMark(name: string): boolean;
  /** Calls `seen` at the first of `names` marked from now on; returns the unsubscribe. */
  onMark(names: readonly string[], seen: () => void): () => void;
}

export const pageMarks: MarkSource = {
  hasMark: (name) => performance.getEntriesByName(name, 'mark').length > 0,
  onMark(names, seen) {
    const observer = new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => names.includes(e.name))) seen();
    });
    observer.observe({ type: 'mark' });
    return () => observer.disconnect();
  },
};

/** Resolves when the address's view has drawn its first frame (at once on other addresses). */
export function afterFirstView(pathname: string, marks: MarkSource = pageMarks, maxWaitMs = MAX_WAIT_MS) {
  if (!LOADING_ROUTES.has(parseRoute(pathname).name)) return Promise.resolve();
  if (FIRST_FRAME_MARKS.some((m) => marks.hasMark(m))) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop();
      resolve();
    };
    const timer = setTimeout(done, maxWaitMs);
    const stop = marks.onMark(FIRST_FRAME_MARKS, done);
  });
}
