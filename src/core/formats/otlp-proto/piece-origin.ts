/**
 * Where a piece of a split ExportTraceServiceRequest came from, so that a decoder's complaint about
 * the piece (`byte N`, or `resource_spans[r].scope_spans[s].spans[i]…`) names the place in the whole
 * input instead of the place in the piece.
 */

export interface ScopeOrigin {
  /** Index of the resource_spans in the input. */
  readonly resource: number;
  /** Index of the scope_spans in its resource_spans. */
  readonly scope: number;
  /** Index in the input's scope_spans of the piece's first span of it. */
  readonly firstSpan: number;
}

export interface PieceOrigin {
  /** Per resource_spans of the piece, where each of its scope_spans came from. */
  readonly resources: readonly (readonly ScopeOrigin[])[];
  /** Byte runs copied from the input, by piece offset: triples (piece offset, input offset, length). */
  readonly runs: readonly number[];
}

/** The input offset of piece byte `at` (a byte the piece made itself maps to where the next copied run starts). */
function inputOffset(runs: readonly number[], at: number): number {
  let lo = 0;
  let hi = runs.length / 3 - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid * 3] <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found === -1) return runs.length > 0 ? runs[1] : 0;
  const [pieceAt, inputAt, length] = runs.slice(found * 3, found * 3 + 3);
  if (at < pieceAt + length) return inputAt + (at - pieceAt);
  return found * 3 + 3 < runs.length ? runs[found * 3 + 4] : inputAt + length;
}

const SPAN_PATH = /^resource_spans\[(\d+)\]\.scope_spans\[(\d+)\]\.spans\[(\d+)\]/;
const BYTE = /^byte (\d+)/;

/** A location in the piece (as a FormatError's `where` gives it) → the same place in the input. */
export function inputWhere(origin: PieceOrigin, where: string): string {
  const span = SPAN_PATH.exec(where);
  const scope = span && origin.resources[Number(span[1])]?.[Number(span[2])];
  if (span && scope) {
    const rest = where.slice(span[0].length);
    return `resource_spans[${scope.resource}].scope_spans[${scope.scope}].spans[${scope.firstSpan + Number(span[3])}]${rest}`;
  }
  const byte = BYTE.exec(where);
  if (byte) return `byte ${inputOffset(origin.runs, Number(byte[1]))}${where.slice(byte[0].length)}`;
  return where;
}

/** `bytes A–B`: the input bytes the piece was copied from (first to last). */
export function inputRange(origin: PieceOrigin): string {
  const { runs } = origin;
  if (runs.length === 0) return '';
  return `bytes ${runs[1]}–${runs[runs.length - 2] + runs[runs.length - 1]}`;
}
