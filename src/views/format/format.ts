/**
 * Text for times, counts and sizes as the app shows them. Durations are render/time-format.ts's
 * `formatDuration` (the canvas and the panels spell them alike); `formatDurationMs` adapts the ms of
 * search answers to it.
 */
import { countText } from '../../core/share/share-text.ts';
import { formatDuration } from '../../render/time-format.ts';

function trim(n: number, digits: number): string {
  const text = n.toFixed(digits);
  return digits > 0 ? text.replace(/\.?0+$/, '') : text;
}

/** A duration the search API gives in ms (absent: null), in the one spelling of render/time-format.ts. */
export function formatDurationMs(ms: number | null): string {
  return ms === null ? '–' : formatDuration(ms * 1e6);
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago"; "in 3 s" for clocks that run ahead. */
export function formatRelative(ms: number, nowMs: number): string {
  const s = Math.abs(nowMs - ms) / 1000;
  if (s < 1) return 'just now';
  const text =
    s < 60
      ? `${Math.floor(s)} s`
      : s < 3600
        ? `${Math.floor(s / 60)} min`
        : s < 86400
          ? `${Math.floor(s / 3600)} h`
          : `${Math.floor(s / 86400)} d`;
  return ms > nowMs ? `in ${text}` : `${text} ago`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local date and time with ms: "2026-11-23 10:04:05.123". */
export function formatAbsolute(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '–';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(
    d.getMinutes(),
  )}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** An exact ns timestamp in local time, to the µs: "2026-11-23 10:04:05.123456". */
export function formatAbsoluteNs(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const subMs = Number((ns % 1_000_000n) / 1000n);
  return `${formatAbsolute(ms)}${pad(subMs, 3)}`;
}

/** "1,234,567" (core/share's spelling), '–' for none. */
export function formatCount(n: number | null): string {
  return n === null ? '–' : countText(n);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${trim(n / 1024, 1)} KiB`;
  if (n < 1024 ** 3) return `${trim(n / 1024 ** 2, 1)} MiB`;
  return `${trim(n / 1024 ** 3, 2)} GiB`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
