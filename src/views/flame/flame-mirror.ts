/** The flame graph's labelled bars of the last frame as accessible-mirror items (DESIGN §8). */
import type { FlameScratch, FlameViewport } from '../../render/flame-frame.ts';
import type { MirrorItem } from '../canvas/accessible-mirror.ts';
import type { FlameModel } from './flame-model.ts';

/** At most this many items: the mirror lists what is readable on screen, not the trace. */
export const MAX_MIRROR_ITEMS = 300;

export function flameMirrorItems(
  m: FlameModel,
  s: FlameScratch,
  v: FlameViewport,
  selectedItem: number,
): MirrorItem[] {
  const items: MirrorItem[] = [];
  for (let i = 0; i < s.labelCount && items.length < MAX_MIRROR_ITEMS; i++) {
    const item = s.labelItem[i];
    items.push({
      node: item,
      text: m.mirrorText(item),
      level: m.level(item),
      expanded: m.hasChildren(item) ? true : null,
      selected: item === selectedItem,
      leftCssPx: s.labelX[i],
      topCssPx: s.labelY[i] - v.axisHeightCssPx,
      widthCssPx: s.labelW[i],
      heightCssPx: v.laneHeightCssPx - 1,
    });
  }
  return items;
}
