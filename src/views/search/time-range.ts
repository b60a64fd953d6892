/**
 * The search's time range as the URL holds it (`start`/`end`: `now-1h`, ISO-8601, unix seconds;
 * absent: open) and as the page shows and edits it: the presets, resolving relative times at the
 * moment of the run, the words that describe it, the datetime inputs' local text, and a range
 * brushed on the plot as whole-second ISO times. Pure functions.
 */
import { parseTimeSpec } from '../../state/url.ts';

export const TIME_PRESETS = [
  { id: '15m', label: 'Last 15 min', start: 'now-15m', words: 'the last 15 minutes' },
  { id: '1h', label: 'Last 1 h', start: 'now-1h', words: 'the last hour' },
  { id: '6h', label: 'Last 6 h', start: 'now-6h', words: 'the last 6 hours' },
  { id: '24h', label: 'Last 24 h', start: 'now-24h', words: 'the last 24 hours' },
  { id: '7d', label: 'Last 7 d', start: 'now-7d', words: 'the last 7 days' },
] as const;

export type PresetId = (typeof TIME_PRESETS)[number]['id'];
/** What the range picker shows: no range, a preset, or start/end of one's own. */
export type RangeChoice = 'any' | PresetId | 'custom';

export interface ResolvedRange {
  /** ms since the epoch; null: open on that side. */
  readonly startMs: number | null;
  readonly endMs: number | null;
}

export function rangeChoiceOf(start: string | null, end: string | null): RangeChoice {
  if (start === null && end === null) return 'any';
  const preset = TIME_PRESETS.find((p) => p.start === start);
  if (preset && (end === null || end === 'now')) return preset.id;
  return 'custom';
}

export function presetStart(id: PresetId): string {
  return TIME_PRESETS.find((p) => p.id === id)!.start;
}

export function resolveRange(start: string | null, end: string | null, nowMs: number): ResolvedRange {
  return {
    startMs: start === null ? null : parseTimeSpec(start, nowMs),
    endMs: end === null ? null : parseTimeSpec(end, nowMs),
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `2026-11-23T10:04:05`: local time, as `<input type="datetime-local" step="1">` wants it. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(
    d.getMinutes(),
  )}:${pad(d.getSeconds())}`;
}

/** A datetime input's text (local time, seconds optional) → ms, or null when empty or malformed. */
export function fromLocalInput(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  const date = new Date(y, mo - 1, d, h, mi, s, ms);
  return Number.isNaN(date.getTime()) || date.getMonth() !== mo - 1 ? null : date.getTime();
}

/** An ISO time at a whole second (the store filters on seconds): rounded down, or up. */
export function isoSecond(ms: number, round: 'down' | 'up'): string {
  const s = round === 'down' ? Math.floor(ms / 1000) : Math.ceil(ms / 1000);
  return new Date(s * 1000).toISOString().replace('.000Z', 'Z');
}

/** Two times (either order) brushed on the plot → the range to search, whole seconds, at least 1 s. */
export function brushedRange(aMs: number, bMs: number): { start: string; end: string } | null {
  if (!Number.isFinite(aMs) || !Number.isFinite(bMs)) return null;
  const lo = Math.min(aMs, bMs);
  const hi = Math.max(aMs, bMs);
  const start = isoSecond(lo, 'down');
  let end = isoSecond(hi, 'up');
  if (end === start) end = isoSecond(lo + 1000, 'down');
  return { start, end };
}

/** `2026-11-23 10:04:05` in local time. */
export function formatLocalSecond(ms: number): string {
  return toLocalInput(ms).replace('T', ' ');
}

/**
 * When, as the end of "traces started …": "in the last hour", "between 10:04:05 and 10:34:00 on
 * 2026-11-23", "since …", "until …", "at any time".
 */
export function describeRange(start: string | null, end: string | null, nowMs: number): string {
  const choice = rangeChoiceOf(start, end);
  if (choice === 'any') return 'at any time';
  if (choice !== 'custom') return `in ${TIME_PRESETS.find((p) => p.id === choice)!.words}`;
  const { startMs, endMs } = resolveRange(start, end, nowMs);
  if (startMs !== null && endMs !== null) {
    const a = formatLocalSecond(startMs);
    const b = formatLocalSecond(endMs);
    return a.slice(0, 10) === b.slice(0, 10)
      ? `between ${a.slice(11)} and ${b.slice(11)} on ${a.slice(0, 10)}`
      : `between ${a} and ${b}`;
  }
  if (startMs !== null) return `since ${formatLocalSecond(startMs)}`;
  return endMs !== null ? `until ${formatLocalSecond(endMs)}` : 'at any time';
}
