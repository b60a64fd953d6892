/**
 * Keys of the waterfall (DESIGN §8) as actions, separate from the DOM so they are easy to test.
 */

export type KeyAction =
  | { readonly kind: 'move'; readonly rows: number }
  | { readonly kind: 'home' }
  | { readonly kind: 'end' }
  | { readonly kind: 'page'; readonly direction: 1 | -1 }
  | { readonly kind: 'collapse-or-parent' }
  | { readonly kind: 'expand-or-child' }
  | { readonly kind: 'open-details' }
  | { readonly kind: 'focus-find' }
  | { readonly kind: 'clear' }
  | { readonly kind: 'zoom'; readonly factor: number }
  | { readonly kind: 'reset-zoom' };

export interface KeyInput {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

export function keyAction(e: KeyInput): KeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case 'ArrowDown':
    case 'j':
      return { kind: 'move', rows: 1 };
    case 'ArrowUp':
    case 'k':
      return { kind: 'move', rows: -1 };
    case 'ArrowLeft':
    case 'h':
      return { kind: 'collapse-or-parent' };
    case 'ArrowRight':
    case 'l':
      return { kind: 'expand-or-child' };
    case 'Home':
      return { kind: 'home' };
    case 'End':
      return { kind: 'end' };
    case 'PageDown':
      return { kind: 'page', direction: 1 };
    case 'PageUp':
      return { kind: 'page', direction: -1 };
    case 'Enter':
      return { kind: 'open-details' };
    case '/':
      return { kind: 'focus-find' };
    case 'Escape':
      return { kind: 'clear' };
    case '+':
    case '=':
      return { kind: 'zoom', factor: 0.5 };
    case '-':
      return { kind: 'zoom', factor: 2 };
    case '0':
      return { kind: 'reset-zoom' };
    default:
      return null;
  }
}

/** Wheel delta in CSS px whatever the wheel's deltaMode (lines, pages). */
export function wheelPixels(
  delta: number,
  deltaMode: number,
  rowHeightCssPx: number,
  pageCssPx: number,
): number {
  if (deltaMode === 1) return delta * rowHeightCssPx;
  if (deltaMode === 2) return delta * pageCssPx;
  return delta;
}

/** Zoom factor for a Ctrl+wheel delta in CSS px: 100 px of wheel ≈ ×1.22. */
export function wheelZoomFactor(deltaCssPx: number): number {
  return Math.exp(Math.max(-300, Math.min(300, deltaCssPx)) * 0.002);
}
