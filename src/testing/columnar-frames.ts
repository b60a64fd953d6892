/**
 * Tests only: a columnar body (core/transfer) as the frames of a streamed answer (columnar-stream.ts):
 * section by section, or row chunk by row chunk as the store sends them.
 */
import {
  DETAIL_KEYS,
  ELEMENT_BYTES,
  FIXED_SECTIONS,
  type FixedSection,
} from '../core/transfer/columnar-layout.ts';
import { ColumnarFrames, FRAME_HEADER_BYTES, FRAME_TAGS } from '../core/transfer/columnar-stream.ts';
import { readHeader } from '../core/transfer/decode-columnar.ts';

/** The body's header, and the frames to write it as. */
function framing(body: Uint8Array) {
  const { header, bodyStart } = readHeader(body);
  const frames = new ColumnarFrames({
    header,
    prefix: body.subarray(0, bodyStart),
    bodyStart,
    byteLength: body.byteLength,
    lists: [],
  });
  return { header, bodyStart, frames };
}

/** Each section in patches of at most `patchBytes`, as a store that reads `patchBytes` at a time sends. */
export function framesOfBody(body: Uint8Array, patchBytes = 4096): Uint8Array {
  const { header, bodyStart, frames } = framing(body);
  frames.head();
  for (const [name, ref] of Object.entries(header.sections))
    for (let at = 0; at < ref.byteLength; at += patchBytes) {
      const start = bodyStart + ref.offset + at;
      frames.patch(name, at, body.subarray(start, start + Math.min(patchBytes, ref.byteLength - at)));
    }
  frames.end();
  return frames.take();
}

/**
 * The body's frames in the order the store writes them: the text lists with the head, then every
 * per-span column `rowsPerChunk` rows at a time (a DuckDB chunk), the events' times last.
 */
export function framesByRows(body: Uint8Array, rowsPerChunk: number): Uint8Array {
  const { header, bodyStart, frames } = framing(body);
  const n = header.count;
  const bytesOf = (name: string, from: number, to: number) => {
    const start = bodyStart + header.sections[name].offset;
    return body.subarray(start + from, start + to);
  };
  const perRow = (name: string): number => {
    if (name === DETAIL_KEYS) return 4;
    const spec = FIXED_SECTIONS[name as FixedSection];
    return spec && name !== 'eventStart' && spec.count(n, 0) === n ? ELEMENT_BYTES[spec.type] : 0;
  };
  const names = Object.keys(header.sections);
  frames.head();
  for (const name of names.filter((x) => x.endsWith('.offsets') || x.endsWith('.bytes')))
    frames.patch(name, 0, bytesOf(name, 0, header.sections[name].byteLength));
  frames.patch('eventStart', 0, bytesOf('eventStart', 0, 4));
  for (let first = 0; first < n; first += rowsPerChunk) {
    const last = Math.min(n, first + rowsPerChunk);
    for (const name of names.filter((x) => perRow(x) > 0))
      frames.patch(name, first * perRow(name), bytesOf(name, first * perRow(name), last * perRow(name)));
    frames.patch('eventStart', (first + 1) * 4, bytesOf('eventStart', (first + 1) * 4, (last + 1) * 4));
  }
  frames.patch('eventNs', 0, bytesOf('eventNs', 0, header.sections.eventNs.byteLength));
  frames.end();
  return frames.take();
}

/**
 * The frames up to byte `at` (a frame boundary; by default all but the end frame), ended by an error
 * frame saying `message`, as a store whose read fails midway sends them.
 */
export function framesEndedByError(
  frames: Uint8Array,
  message: string,
  at = frames.byteLength - FRAME_HEADER_BYTES,
): Uint8Array {
  const text = new TextEncoder().encode(message);
  const out = new Uint8Array(at + FRAME_HEADER_BYTES + Math.ceil(text.byteLength / 8) * 8);
  out.set(frames.subarray(0, at));
  const dv = new DataView(out.buffer, at);
  dv.setUint32(0, FRAME_TAGS.error, true);
  dv.setUint32(12, text.byteLength, true);
  out.set(text, at + FRAME_HEADER_BYTES);
  return out;
}

/** Offsets where each frame of a stream starts. */
export function frameStarts(frames: Uint8Array): number[] {
  const out: number[] = [];
  const dv = new DataView(frames.buffer, frames.byteOffset, frames.byteLength);
  for (
    let at = 0;
    at < frames.byteLength;
    at += FRAME_HEADER_BYTES + Math.ceil(dv.getUint32(at + 12, true) / 8) * 8
  )
    out.push(at);
  return out;
}
