/**
 * One piece of a split ExportTraceServiceRequest, assembled from raw fields of the input: for each
 * resource_spans its fields but the scope_spans, for each scope_spans its fields but the spans, then
 * the spans, with lengths written anew. Records where every copied byte came from (piece-origin.ts).
 */
import type { PieceOrigin, ScopeOrigin } from './piece-origin.ts';
import { lenFieldSize, writeLenHeader } from './wire.ts';

/** A whole field (key included) as it was in the input, and its offset there. */
export interface RawField {
  readonly bytes: Uint8Array;
  readonly offset: number;
}

/** A resource_spans or scope_spans of the input: its index and its fields other than the children. */
export interface MessageHead {
  readonly index: number;
  readonly header: readonly RawField[];
}

/** Consecutive spans of one scope_spans. */
export interface PieceGroup {
  readonly resource: MessageHead;
  readonly scope: MessageHead;
  /** Index in the input's scope_spans of the first span here. */
  readonly firstSpan: number;
  readonly spans: RawField[];
}

export interface ProtoPiece {
  /** A standalone ExportTraceServiceRequest. */
  readonly bytes: Uint8Array;
  readonly spanCount: number;
  readonly origin: PieceOrigin;
}

const REQUEST_RESOURCE_SPANS = 1;
const RESOURCE_SCOPE_SPANS = 2;

function fieldBytes(fields: readonly RawField[]): number {
  let n = 0;
  for (const f of fields) n += f.bytes.length;
  return n;
}

/** The groups of each resource_spans, in order (a resource's groups are consecutive). */
function byResource(groups: readonly PieceGroup[]): PieceGroup[][] {
  const out: PieceGroup[][] = [];
  for (const g of groups) {
    const last = out.at(-1);
    if (last?.[0].resource === g.resource) last.push(g);
    else out.push([g]);
  }
  return out;
}

export function buildPiece(groups: readonly PieceGroup[]): ProtoPiece {
  const resources = byResource(groups);
  const scopeBytes = resources.map((gs) => gs.map((g) => fieldBytes(g.scope.header) + fieldBytes(g.spans)));
  const resourceBytes = resources.map(
    (gs, r) => fieldBytes(gs[0].resource.header) + scopeBytes[r].reduce((n, b) => n + lenFieldSize(b), 0),
  );
  const out = new Uint8Array(resourceBytes.reduce((n, b) => n + lenFieldSize(b), 0));
  const runs: number[] = [];
  let pos = 0;
  const copy = (f: RawField) => {
    const last = runs.length - 3;
    if (last >= 0 && runs[last] + runs[last + 2] === pos && runs[last + 1] + runs[last + 2] === f.offset)
      runs[last + 2] += f.bytes.length;
    else runs.push(pos, f.offset, f.bytes.length);
    out.set(f.bytes, pos);
    pos += f.bytes.length;
  };
  let spanCount = 0;
  const origins: ScopeOrigin[][] = resources.map((gs, r) => {
    pos = writeLenHeader(out, pos, REQUEST_RESOURCE_SPANS, resourceBytes[r]);
    gs[0].resource.header.forEach(copy);
    return gs.map((g, s) => {
      pos = writeLenHeader(out, pos, RESOURCE_SCOPE_SPANS, scopeBytes[r][s]);
      g.scope.header.forEach(copy);
      g.spans.forEach(copy);
      spanCount += g.spans.length;
      return { resource: g.resource.index, scope: g.scope.index, firstSpan: g.firstSpan };
    });
  });
  return { bytes: out, spanCount, origin: { resources: origins, runs } };
}
