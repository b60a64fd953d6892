/**
 * Durations and time-axis labels. Durations keep three significant digits in the largest fitting
 * unit ("850µs", "12.3ms", "1.24s", "2m 5s"); tick labels share one unit and precision per axis.
 */

const UNITS = [
  { ns: 1, label: 'ns' },
  { ns: 1e3, label: 'µs' },
  { ns: 1e6, label: 'ms' },
  { ns: 1e9, label: 's' },
] as const;

function threeDigits(v: number): string {
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return trimZeros(v.toFixed(1));
  return trimZeros(v.toFixed(2));
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns) || ns <= 0) return '0µs';
  if (ns >= 60e9) {
    const totalS = Math.round(ns / 1e9);
    const h = Math.floor(totalS / 3600);
    const m = Math.floor((totalS % 3600) / 60);
    const s = totalS % 60;
    return h > 0 ? `${h}h ${m}m` : `${m}m ${s}s`;
  }
  let unit: (typeof UNITS)[number] = UNITS[0];
  for (const u of UNITS) if (ns >= u.ns) unit = u;
  // 999.96µs rounds to "1000µs": move up a unit instead.
  const v = ns / unit.ns;
  if (Number(v.toFixed(0)) >= 1000 && unit.ns < 1e9) return formatDuration(Math.ceil(v) * unit.ns);
  return `${threeDigits(v)}${unit.label}`;
}

/** Label of an axis tick at `ns` when ticks are `stepNs` apart: one unit per axis. */
export function formatTick(ns: number, stepNs: number): string {
  let unit: (typeof UNITS)[number] = UNITS[0];
  for (const u of UNITS) if (stepNs >= u.ns) unit = u;
  const step = stepNs / unit.ns;
  const decimals = Math.max(0, Math.min(6, Math.ceil(-Math.log10(step) - 1e-9)));
  const v = ns / unit.ns;
  const text = v.toFixed(decimals);
  return `${text === `-${(0).toFixed(decimals)}` ? text.slice(1) : text}${unit.label}`;
}
