/**
 * The times a search link may hold (DESIGN §5 `start`/`end`): ISO-8601, unix seconds, `now` or
 * `now-<n>(s|m|h|d|w)`. The app's URL state and the server's link previews read them alike.
 */
const UNIT_MS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 604800e3 };
const RELATIVE = /^now(?:-(\d{1,6})(s|m|h|d|w))?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds since the epoch, or null when `spec` is not a time this app understands. */
export function parseTimeSpec(spec: string, nowMs: number): number | null {
  const rel = RELATIVE.exec(spec);
  if (rel) return rel[1] ? nowMs - Number(rel[1]) * UNIT_MS[rel[2]] : nowMs;
  if (/^\d{9,10}$/.test(spec)) return Number(spec) * 1000;
  if (!ISO_DATE.test(spec)) return null;
  const ms = Date.parse(spec);
  return Number.isFinite(ms) ? ms : null;
}

/** `now-1h` → the ISO time it means now, so that a copied link means the same tomorrow. */
export function absoluteTimeSpec(spec: string, nowMs: number): string {
  if (!RELATIVE.test(spec)) return spec;
  const ms = parseTimeSpec(spec, nowMs);
  return ms === null ? spec : new Date(ms).toISOString();
}
