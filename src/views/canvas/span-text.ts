/**
 * A span as text in the canvas views: its tooltip (service, name, duration, start, self time, share
 * of the trace) and its one-line text for screen readers and tests; invisible characters shown.
 */
import { NodeFlag, type TraceColumns } from '../../core/layout/trace-columns.ts';
import { revealInvisible } from '../../core/model/visible-text.ts';
import { formatDuration } from '../../render/time-format.ts';
import type { TooltipContent } from './tooltip.ts';

export function percentOf(partNs: number, wholeNs: number): string {
  if (!(wholeNs > 0)) return '–';
  const p = (100 * partNs) / wholeNs;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}

export function spanTooltip(cols: TraceColumns, node: number, serviceColour: string): TooltipContent {
  const synthetic = (cols.flags[node] & NodeFlag.MissingParent) !== 0;
  const durNs = cols.endNs[node] - cols.startNs[node];
  return {
    swatch: serviceColour,
    title: synthetic ? 'missing parent' : revealInvisible(cols.strings[cols.service[node]]),
    subtitle: revealInvisible(cols.strings[cols.name[node]]),
    fields: [
      ['Duration', formatDuration(durNs)],
      ['Start', `+${formatDuration(cols.startNs[node])}`],
      ['Self time', formatDuration(cols.selfNs[node])],
      ['Of the trace', percentOf(durNs, cols.durationNs)],
    ],
    error: (cols.flags[node] & NodeFlag.Error) !== 0,
  };
}

/** Service, name, duration and error: the text of a span's accessible-mirror item. */
export function spanText(cols: TraceColumns, k: number): string {
  const service = revealInvisible(cols.strings[cols.service[k]]);
  const error = (cols.flags[k] & NodeFlag.Error) !== 0;
  return `${service ? `${service} ` : ''}${revealInvisible(cols.strings[cols.name[k]])} ${formatDuration(cols.endNs[k] - cols.startNs[k])}${error ? ' error' : ''}`;
}
