/**
 * Stored rows → a Tempo trace-by-id answer (v1 `{"batches":[…]}`, v2 `{"trace":{"resourceSpans":[…]}}`)
 * in the OTLP proto3 JSON mapping, grouped by resource then scope in order of first appearance.
 * Built by splicing the stored JSON blobs (no parse, no object per span) into UTF-8 pieces, since
 * the answer for a large trace may not fit in one V8 string.
 */
import { jsonMembers } from '../../core/transfer/detail-json.ts';
import type { TraceRows } from './trace-reader.ts';

/** Accumulates text and turns it into UTF-8 every ~4 MB. */
class Utf8Builder {
  private readonly pieces: Buffer[] = [];
  private pending = '';

  write(text: string): void {
    this.pending += text;
    if (this.pending.length > 4_000_000) this.flush();
  }

  private flush(): void {
    this.pieces.push(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }

  bytes(): Uint8Array {
    this.flush();
    return this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces);
  }
}

/** Row indexes per resource, then per scope, in order of first appearance. */
function groupRows(rows: TraceRows): Map<number, Map<number, number[]>> {
  const groups = new Map<number, Map<number, number[]>>();
  for (let i = 0; i < rows.count; i++) {
    let scopes = groups.get(rows.resourceId[i]);
    if (!scopes) groups.set(rows.resourceId[i], (scopes = new Map()));
    let list = scopes.get(rows.scopeId[i]);
    if (!list) scopes.set(rows.scopeId[i], (list = []));
    list.push(i);
  }
  return groups;
}

/** `{<members of blob>,"<listKey>":[`: the opening of a ResourceSpans or ScopeSpans object. */
function openObject(blob: string | undefined, listKey: string): string {
  const members = blob ? jsonMembers(blob) : '';
  return `{${members ? `${members},` : ''}"${listKey}":[`;
}

function spanJson(rows: TraceRows, i: number, traceIdJson: string): string {
  const start = rows.startNs[i];
  const dur = rows.durNs[i];
  const end = start !== null && dur !== null ? start + dur : 0n;
  const parent = rows.parentId[i];
  const members = jsonMembers(rows.detail[i]);
  return (
    `{"traceId":${traceIdJson},"spanId":"${rows.spanId[i]}"` +
    (parent ? `,"parentSpanId":"${parent}"` : '') +
    `,"name":${JSON.stringify(rows.name[i])},"kind":${rows.kind[i]}` +
    `,"startTimeUnixNano":"${start ?? 0n}","endTimeUnixNano":"${end < 0n ? 0n : end}"` +
    (members ? `,${members}}` : '}')
  );
}

/** The ResourceSpans list of the trace, written into `out`. */
function writeResourceSpans(rows: TraceRows, out: Utf8Builder): void {
  const traceIdJson = JSON.stringify(rows.traceId);
  let firstResource = true;
  out.write('[');
  for (const [resourceId, scopes] of groupRows(rows)) {
    out.write((firstResource ? '' : ',') + openObject(rows.resourceJson.get(resourceId), 'scopeSpans'));
    firstResource = false;
    let firstScope = true;
    for (const [scopeId, indexes] of scopes) {
      out.write((firstScope ? '' : ',') + openObject(rows.scopeJson.get(scopeId), 'spans'));
      firstScope = false;
      for (let k = 0; k < indexes.length; k++)
        out.write((k ? ',' : '') + spanJson(rows, indexes[k], traceIdJson));
      out.write(']}');
    }
    out.write(']}');
  }
  out.write(']');
}

export function tempoTraceJson(rows: TraceRows, version: 'tempo-v1' | 'tempo-v2'): Uint8Array {
  const out = new Utf8Builder();
  out.write(version === 'tempo-v1' ? '{"batches":' : '{"trace":{"resourceSpans":');
  writeResourceSpans(rows, out);
  out.write(version === 'tempo-v1' ? '}' : '}}');
  return out.bytes();
}
