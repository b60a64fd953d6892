/**
 * What a key does in the flame graph, as a pure function of its model and the selected item:
 * ↑ to the parent, ↓ to the first child, ←/→ to the previous/next sibling (from nothing selected,
 * any of them starts at the top), Home to the top item, Enter focuses. The controller applies it.
 */
import type { KeyAction } from '../canvas/keyboard.ts';
import type { FlameModel } from './flame-model.ts';

export type FlameKeyEffect =
  | { readonly kind: 'select' | 'focus'; readonly item: number }
  | { readonly kind: 'none' };

const NONE: FlameKeyEffect = { kind: 'none' };

/** The top item: the focused one, else the first of the first lane; -1 when nothing is drawn. */
export function topItem(m: FlameModel): number {
  if (m.focusItem >= 0) return m.focusItem;
  const L = m.layout;
  const lane = m.firstLane;
  return lane < L.laneCount && L.laneStart[lane] < L.laneStart[lane + 1] ? L.item[L.laneStart[lane]] : -1;
}

/** The key's effect; null for a key the flame graph leaves to the page (Esc). */
export function flameKey(a: KeyAction, m: FlameModel, selected: number): FlameKeyEffect | null {
  const to = (item: number): FlameKeyEffect => (item >= 0 ? { kind: 'select', item } : NONE);
  if (a.kind === 'clear') return null;
  if (selected < 0)
    return a.kind === 'move' ||
      a.kind === 'home' ||
      a.kind.endsWith('-or-parent') ||
      a.kind.endsWith('-or-child')
      ? to(topItem(m))
      : NONE;
  switch (a.kind) {
    case 'move':
      return to(a.rows < 0 ? m.parentOf(selected) : m.firstChildOf(selected));
    case 'collapse-or-parent':
      return to(m.siblingOf(selected, -1));
    case 'expand-or-child':
      return to(m.siblingOf(selected, 1));
    case 'home':
      return to(topItem(m));
    case 'open-details':
      return { kind: 'focus', item: selected };
    default:
      return NONE;
  }
}
