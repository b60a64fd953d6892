/**
 * Splits an OTLP protobuf ExportTraceServiceRequest into requests under a byte limit, on the wire
 * format alone (no decoding): resource_spans are grouped; one too big is cut between its
 * scope_spans, one of those between its spans, each piece keeping its resource and scope.
 */

interface Field {
  readonly number: number;
  /** The whole field, key included. */
  readonly start: number;
  readonly end: number;
  /** The payload of a length-delimited field. */
  readonly payloadStart: number;
}

export class WireError extends Error {
  override name = 'WireError';
}

function readVarint(bytes: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = pos; i < bytes.length && i < pos + 10; i++) {
    value += (bytes[i] & 0x7f) * scale;
    scale *= 128;
    if (bytes[i] < 0x80) return [value, i + 1];
  }
  throw new WireError(`malformed varint at byte ${pos}`);
}

function fields(bytes: Uint8Array, base: number): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    const [key, afterKey] = readVarint(bytes, pos);
    const wire = key % 8;
    let payloadStart = afterKey;
    if (wire === 0) pos = readVarint(bytes, afterKey)[1];
    else if (wire === 1) pos = afterKey + 8;
    else if (wire === 5) pos = afterKey + 4;
    else if (wire === 2) {
      const [len, afterLen] = readVarint(bytes, afterKey);
      payloadStart = afterLen;
      pos = afterLen + len;
    } else throw new WireError(`unsupported wire type ${wire} at byte ${base + start}`);
    if (pos > bytes.length || key < 8)
      throw new WireError(`truncated or malformed field at byte ${base + start}`);
    out.push({ number: Math.floor(key / 8), start, end: pos, payloadStart });
  }
  return out;
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** A length-delimited field `number` holding `payload`. */
function wrap(number: number, payload: Uint8Array): Uint8Array {
  const head = [...varint(number * 8 + 2), ...varint(payload.length)];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Per message level: which field holds the children, and how to split one child. */
const LEVELS = [
  { child: 1 }, // ExportTraceServiceRequest.resource_spans
  { child: 2 }, // ResourceSpans.scope_spans
  { child: 2 }, // ScopeSpans.spans
] as const;

/** Wrapping overhead of a child field: key + a length of up to 5 bytes. */
const WRAP_BYTES = 6;

/**
 * Messages of level `depth`, each at most `limitBytes`, that together hold every child of `message`
 * and repeat its other fields (resource, scope, schema URL) in each.
 */
function splitMessage(message: Uint8Array, depth: number, limitBytes: number, base: number): Uint8Array[] {
  if (message.length <= limitBytes) return [message];
  const level = LEVELS[depth];
  if (!level)
    throw new WireError(
      `one span (byte ${base}) is ${message.length} bytes, more than the limit of ${limitBytes}`,
    );
  const all = fields(message, base);
  const header = concat(
    all.filter((f) => f.number !== level.child).map((f) => message.subarray(f.start, f.end)),
  );
  const budget = limitBytes - header.length;
  if (budget <= WRAP_BYTES)
    throw new WireError(
      `the resource or scope at byte ${base} alone is over the limit of ${limitBytes} bytes`,
    );
  const pieces: Uint8Array[] = [];
  let group: Uint8Array[] = [];
  let groupBytes = 0;
  const flush = () => {
    if (group.length) pieces.push(concat([header, ...group]));
    group = [];
    groupBytes = 0;
  };
  for (const f of all) {
    if (f.number !== level.child) continue;
    const whole = message.subarray(f.start, f.end);
    const parts =
      whole.length <= budget
        ? [whole]
        : splitMessage(
            message.subarray(f.payloadStart, f.end),
            depth + 1,
            budget - WRAP_BYTES,
            base + f.payloadStart,
          ).map((p) => wrap(level.child, p));
    for (const part of parts) {
      if (groupBytes + part.length > budget) flush();
      group.push(part);
      groupBytes += part.length;
    }
  }
  flush();
  return pieces;
}

/** Export requests of at most `limitBytes` each, holding every span of `request`. */
export function splitExportRequest(request: Uint8Array, limitBytes: number): Uint8Array[] {
  return splitMessage(request, 0, limitBytes, 0);
}

/** Spans in an export request (counted on the wire). */
export function countSpans(request: Uint8Array): number {
  let n = 0;
  for (const rs of fields(request, 0)) {
    if (rs.number !== 1) continue;
    const rsBytes = request.subarray(rs.payloadStart, rs.end);
    for (const ss of fields(rsBytes, 0)) {
      if (ss.number !== 2) continue;
      for (const span of fields(rsBytes.subarray(ss.payloadStart, ss.end), 0)) if (span.number === 2) n++;
    }
  }
  return n;
}
