/**
 * Durations and time-axis labels, the one spelling of the canvas and the DOM panels alike (views
 * import it from here: render is the layer both reach). Durations keep three significant digits in
 * the largest fitting unit, with a space before it ("850 ns", "12.3 ms", "1.24 s", "2 min 5 s",
 * "3 h 1 min"); negatives get a real minus ("−2.5 µs"), NaN and ±Infinity a dash. Tick labels share
 * one unit and precision per axis ("10 ms").
 */

const UNITS = [
  { ns: 1, label: 'ns' },
  { ns: 1e3, label: 'µs' },
  { ns: 1e6, label: 'ms' },
  { ns: 1e9, label: 's' },
] as const;

const MINUS = '−';

function threeDigits(v: number): string {
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return trimZeros(v.toFixed(1));
  return trimZeros(v.toFixed(2));
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A magnitude in ns, ≥ 0. Each unit is kept only while its rounded text stays below the next one. */
function magnitude(ns: number): string {
  const wholeNs = Math.round(ns);
  if (wholeNs < 1000) return `${wholeNs} ns`;
  // 999.96 µs rounds to "1000": it reads "1 ms"; 59.996 s reads "1 min 0 s".
  const micros = threeDigits(ns / 1e3);
  if (Number(micros) < 1000) return `${micros} µs`;
  const millis = threeDigits(ns / 1e6);
  if (Number(millis) < 1000) return `${millis} ms`;
  const seconds = threeDigits(ns / 1e9);
  if (Number(seconds) < 60) return `${seconds} s`;
  const totalS = Math.round(ns / 1e9);
  if (totalS < 3600) return `${Math.floor(totalS / 60)} min ${totalS % 60} s`;
  return `${Math.floor(totalS / 3600)} h ${Math.floor((totalS % 3600) / 60)} min`;
}

export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '–';
  const text = magnitude(Math.abs(ns));
  return ns < 0 && text !== '0 ns' ? `${MINUS}${text}` : text;
}

/** Label of an axis tick at `ns` when ticks are `stepNs` apart: one unit per axis. */
export function formatTick(ns: number, stepNs: number): string {
  let unit: (typeof UNITS)[number] = UNITS[0];
  for (const u of UNITS) if (stepNs >= u.ns) unit = u;
  const step = stepNs / unit.ns;
  const decimals = Math.max(0, Math.min(6, Math.ceil(-Math.log10(step) - 1e-9)));
  const text = (ns / unit.ns).toFixed(decimals);
  // "-0.0" is zero; other negatives get a real minus, as durations do.
  const value = !text.startsWith('-')
    ? text
    : Number(text) === 0
      ? text.slice(1)
      : `${MINUS}${text.slice(1)}`;
  return `${value} ${unit.label}`;
}
