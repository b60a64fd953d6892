/**
 * The details of a run of spans, as the store answers a deferred-details request
 * (`application/vnd.spanscope.details`): the spans' detail blobs (detail-json.ts) in key order.
 *
 *   u32 magic 'SSDB' · u32 version · u32 count · u32 0 · u32 offsets[count + 1] · UTF-8 text
 *
 * Offsets are byte offsets into the text, from 0 to its length. All numbers are little-endian.
 */
import { type Utf8List, utf8ListFromPieces } from './utf8-list.ts';

/** 'SSDB' read as a little-endian u32. */
export const DETAIL_BATCH_MAGIC = 0x42445353;
export const DETAIL_BATCH_VERSION = 1;
const PREAMBLE_BYTES = 16;

/** The batch body of these texts, each already UTF-8. */
export function encodeDetailBatch(pieces: readonly Uint8Array[]): Uint8Array {
  const list = utf8ListFromPieces(pieces);
  const count = pieces.length;
  const textStart = PREAMBLE_BYTES + (count + 1) * 4;
  const out = new Uint8Array(textStart + list.bytes.byteLength);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, DETAIL_BATCH_MAGIC, true);
  dv.setUint32(4, DETAIL_BATCH_VERSION, true);
  dv.setUint32(8, count, true);
  out.set(new Uint8Array(list.offsets.buffer), PREAMBLE_BYTES);
  out.set(list.bytes, textStart);
  return out;
}

function fail(problem: string): never {
  throw new Error(`span details batch: ${problem}`);
}

/** The texts of a batch body, checked to hold `expectedCount` of them; views into `input` where aligned. */
export function decodeDetailBatch(input: Uint8Array, expectedCount: number): Utf8List {
  if (input.byteLength < PREAMBLE_BYTES) fail(`only ${input.byteLength} bytes`);
  const dv = new DataView(input.buffer, input.byteOffset, input.byteLength);
  if (dv.getUint32(0, true) !== DETAIL_BATCH_MAGIC) fail('bad magic number (not a details batch)');
  const version = dv.getUint32(4, true);
  if (version !== DETAIL_BATCH_VERSION)
    fail(`version ${version} is not supported (only ${DETAIL_BATCH_VERSION})`);
  const count = dv.getUint32(8, true);
  if (count !== expectedCount) fail(`holds ${count} spans, expected ${expectedCount}`);
  const textStart = PREAMBLE_BYTES + (count + 1) * 4;
  if (textStart > input.byteLength) fail(`offsets run past the end (${input.byteLength} bytes)`);
  const bytes = input.byteOffset % 4 === 0 ? input : input.slice();
  const offsets = new Uint32Array(bytes.buffer, bytes.byteOffset + PREAMBLE_BYTES, count + 1);
  const textLength = input.byteLength - textStart;
  if (offsets[0] !== 0) fail('offsets must start at 0');
  for (let i = 1; i <= count; i++) if (offsets[i] < offsets[i - 1]) fail(`offset ${i} is out of order`);
  if (offsets[count] !== textLength)
    fail(`text is ${textLength} bytes, offsets say ${offsets[count]} (truncated or padded)`);
  return { offsets, bytes: bytes.subarray(textStart) };
}
