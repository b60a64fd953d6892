/**
 * What the canvas views highlight: the find matches, the group of spans highlighted from the
 * statistics table, or, when both are set, the group's spans that find matches. Everything else is
 * dimmed while either is set (as find alone always did).
 */
import { useEffect, useMemo } from 'react';
import { clearHighlight, type GroupHighlight, useHighlightState } from '../../state/highlight.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { handleSerial } from './use-trace-handle.ts';

export interface CanvasHighlight {
  /** Nodes to draw highlighted, ascending pre-order; null: none. */
  readonly highlight: Uint32Array | null;
  readonly dimOthers: boolean;
}

/** Nodes in both ascending lists. */
export function intersectSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      out[n++] = a[i];
      i++;
      j++;
    }
  }
  return out.subarray(0, n);
}

/** The merge of find and group highlight (pure, for tests). */
export function mergeHighlight(
  matches: Uint32Array | null,
  finding: boolean,
  group: Uint32Array | null,
): CanvasHighlight {
  if (!group) return { highlight: matches, dimOthers: finding };
  if (!finding) return { highlight: group, dimOthers: true };
  return { highlight: matches ? intersectSorted(matches, group) : null, dimOthers: true };
}

/** The highlighted group if it belongs to this layout; a group of another layout is cleared. */
export function useGroupHighlight(handle: TraceHandle): GroupHighlight | null {
  const serial = handleSerial(handle);
  const group = useHighlightState((s) => s.highlight);
  const mine = group !== null && group.owner === serial;
  useEffect(() => {
    if (group && !mine) clearHighlight();
  }, [group, mine]);
  return mine ? group : null;
}

/** The `highlight` and `dimOthers` a canvas view takes, from find and the statistics group. */
export function useHighlight(
  handle: TraceHandle,
  matches: Uint32Array | null,
  findText: string,
): CanvasHighlight {
  const group = useGroupHighlight(handle);
  const finding = findText.trim() !== '';
  return useMemo(() => mergeHighlight(matches, finding, group?.nodes ?? null), [matches, finding, group]);
}
