/**
 * The lifetime of a canvas view's controller in React: made once the DOM is there (into the
 * caller's `ctlRef`), the shared time gestures attached to its root, sized by a ResizeObserver on
 * `sized`, disposed on unmount.
 */
import { type RefObject, useEffect, useRef } from 'react';
import { attachTimeGestures, type TimeGestureTarget } from './time-gestures.ts';

export interface CanvasController extends TimeGestureTarget {
  resize(widthCssPx: number, heightCssPx: number): void;
  dispose(): void;
}

export function useCanvasController<C extends CanvasController>(
  ctlRef: RefObject<C | null>,
  root: RefObject<HTMLElement | null>,
  sized: RefObject<HTMLElement | null>,
  create: () => C,
): void {
  const createRef = useRef(create);
  useEffect(() => {
    const ctl = createRef.current();
    ctlRef.current = ctl;
    const detach = attachTimeGestures(root.current!, ctl);
    const box = sized.current!;
    const observer = new ResizeObserver(() => ctl.resize(box.clientWidth, box.clientHeight));
    observer.observe(box);
    ctl.resize(box.clientWidth, box.clientHeight);
    return () => {
      observer.disconnect();
      detach();
      ctl.dispose();
      ctlRef.current = null;
    };
  }, [ctlRef, root, sized]);
}
