/**
 * Helpers for the TraceQL tests: trees compared without their offsets.
 */

/** A syntax tree (or any value) with every `from` and `to` removed, for toEqual. */
export function withoutOffsets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutOffsets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== 'from' && k !== 'to')
      .map(([k, v]) => [k, withoutOffsets(v)]),
  );
}
