/**
 * A stored trace → a Tempo trace-by-id answer (v1 `{"batches":[…]}`, v2 `{"trace":{"resourceSpans":[…]}}`)
 * in the OTLP proto3 JSON mapping, grouped by resource then scope in order of first appearance.
 * DuckDB writes each span's JSON (hot columns + the stored detail blob) and concatenates them in
 * chunks, handing over UTF-8 bytes; JS only splices the resource and scope headers around them. No
 * string is ever as big as the answer, which for a large trace would not fit in one V8 string.
 */
import { jsonMembers } from '../../../core/transfer/detail-json.ts';
import { spanIdHex } from '../schema/binary-ids.ts';
import { CHUNK_ROWS, TRACE_ROWS, type TraceRange, type TraceReader } from './trace-reader.ts';

/**
 * One span's OTLP JSON, from its row (`detail[2:]` drops the blob's opening brace); the trace id is
 * the one asked for ($3), the same text for every row.
 */
const SPAN_JSON = `'{"traceId":"' || $3 || '","spanId":"' || ${spanIdHex('span_id')} || '"'
  || CASE WHEN parent_id = 0 THEN '' ELSE ',"parentSpanId":"' || ${spanIdHex('parent_id')} || '"' END
  || ',"name":' || to_json(name)::VARCHAR || ',"kind":' || kind::VARCHAR
  || ',"startTimeUnixNano":"' || coalesce(start_ns, 0)::VARCHAR
  || '","endTimeUnixNano":"'
  || (CASE WHEN start_ns IS NULL OR dur_ns IS NULL THEN 0 ELSE greatest(start_ns::HUGEINT + dur_ns, 0) END)::VARCHAR
  || '"' || CASE WHEN detail = '{}' THEN '}' ELSE ',' || detail[2:] END`;

const CHUNKS_SQL = `SELECT resource_id, scope_id, min(seq) AS first, encode(string_agg(${SPAN_JSON}, ',' ORDER BY seq)) AS spans
  ${TRACE_ROWS}
  GROUP BY resource_id, scope_id, (seq - $1) // ${CHUNK_ROWS}
  ORDER BY first`;

interface ChunkRow {
  readonly resource_id: number;
  readonly scope_id: number;
  readonly spans: Uint8Array;
}

/** `{<members of blob>,"<listKey>":[`: the opening of a ResourceSpans or ScopeSpans object. */
function openObject(blob: string | undefined, listKey: string): string {
  const members = blob ? jsonMembers(blob) : '';
  return `{${members ? `${members},` : ''}"${listKey}":[`;
}

export async function tempoTraceJson(
  reader: TraceReader,
  range: TraceRange,
  version: 'tempo-v1' | 'tempo-v2',
): Promise<Uint8Array> {
  const chunks = await reader.pool.rows<ChunkRow>(CHUNKS_SQL, [range.seqMin, range.seqMax, range.traceId]);
  // Rows come in order of their first span, so Map insertion order is order of first appearance.
  const groups = new Map<number, Map<number, Uint8Array[]>>();
  for (const c of chunks) {
    let scopes = groups.get(c.resource_id);
    if (!scopes) groups.set(c.resource_id, (scopes = new Map()));
    let list = scopes.get(c.scope_id);
    if (!list) scopes.set(c.scope_id, (list = []));
    list.push(c.spans);
  }
  const resources = await reader.resources.get(groups.keys());
  const scopes = await reader.scopes.get(chunks.map((c) => c.scope_id));
  const pieces: Uint8Array[] = [];
  const text = (s: string) => pieces.push(Buffer.from(s));
  text(version === 'tempo-v1' ? '{"batches":[' : '{"trace":{"resourceSpans":[');
  let firstResource = true;
  for (const [resourceId, scopeGroups] of groups) {
    text((firstResource ? '' : ',') + openObject(resources.get(resourceId), 'scopeSpans'));
    firstResource = false;
    let firstScope = true;
    for (const [scopeId, spanChunks] of scopeGroups) {
      text((firstScope ? '' : ',') + openObject(scopes.get(scopeId), 'spans'));
      firstScope = false;
      spanChunks.forEach((bytes, k) => {
        if (k > 0) text(',');
        pieces.push(bytes);
      });
      text(']}');
    }
    text(']}');
  }
  text(version === 'tempo-v1' ? ']}' : ']}}');
  return Buffer.concat(pieces);
}
