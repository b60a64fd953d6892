/**
 * The zoom window of the time-based views as a TimeWindow (ns from the trace start), read from and
 * written to the URL's from/to (µs): the waterfall and the flame chart share it.
 */
import { useMemo } from 'react';
import type { TimeWindow } from '../../render/time-axis.ts';
import { setTraceView, useTraceView } from '../../state/trace-view.ts';

export function setZoomWindow(w: TimeWindow | null): void {
  setTraceView({ zoom: w ? { fromUs: w.startNs / 1000, toUs: w.endNs / 1000 } : null });
}

export function useZoomWindow(): TimeWindow | null {
  const zoom = useTraceView((s) => s.zoom);
  return useMemo(() => (zoom ? { startNs: zoom.fromUs * 1000, endNs: zoom.toUs * 1000 } : null), [zoom]);
}
