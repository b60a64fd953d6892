import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterFirstView, FIRST_FRAME_MARKS, MAX_WAIT_MS, type MarkSource } from './after-first-view.ts';

const TRACE = '/trace/0af7651916cd43dd8448eb211c80319c';

/** Marks made by the test; observers called as `performance` would. */
function fakeMarks(initial: string[] = []) {
  const marked = new Set(initial);
  const observers = new Set<{ names: readonly string[]; seen: () => void }>();
  const source: MarkSource = {
    hasMark: (name) => marked.has(name),
    onMark(names, seen) {
      const o = { names, seen };
      observers.add(o);
      return () => observers.delete(o);
    },
  };
  const mark = (name: string) => {
    marked.add(name);
    for (const o of [...observers]) if (o.names.includes(name)) o.seen();
  };
  return { source, mark, observers };
}

/** Whether `p` has settled once pending callbacks ran. */
async function settled(p: Promise<void>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

describe('afterFirstView', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves at once on addresses that open no trace', async () => {
    for (const path of ['/', '/search', '/pins', '/trace/not-hex', '/nowhere']) {
      const f = fakeMarks();
      expect(await settled(afterFirstView(path, f.source)), path).toBe(true);
      expect(f.observers.size).toBe(0);
    }
  });

  it("waits on a trace or diff address for the view's first frame, then stops listening", async () => {
    for (const [path, mark] of [
      [TRACE, 'spanscope:trace-rendered'],
      [`${TRACE}?view=flame`, 'spanscope:flame-rendered'],
      ['/diff/0af7651916cd43dd8448eb211c80319c/1af7651916cd43dd8448eb211c80319c', 'spanscope:diff-rendered'],
    ]) {
      const f = fakeMarks();
      const p = afterFirstView(path.split('?')[0], f.source);
      f.mark('spanscope:trace-preview-rendered');
      f.mark('spanscope:search-rendered');
      expect(await settled(p), path).toBe(false);
      f.mark(mark);
      expect(await settled(p), path).toBe(true);
      expect(f.observers.size).toBe(0);
    }
  });

  it('resolves at once when the frame was drawn already, and after MAX_WAIT_MS when none comes', async () => {
    expect(await settled(afterFirstView(TRACE, fakeMarks([FIRST_FRAME_MARKS[0]]).source))).toBe(true);
    const f = fakeMarks();
    const p = afterFirstView(TRACE, f.source);
    vi.advanceTimersByTime(MAX_WAIT_MS - 1);
    expect(await settled(p)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await settled(p)).toBe(true);
    expect(f.observers.size).toBe(0);
  });
});
