/**
 * Tests only: a columnar body (core/transfer) as the frames of a streamed answer (columnar-stream.ts),
 * each section in patches of at most `patchBytes`, as a store that reads `patchBytes` at a time sends.
 */
import { ColumnarFrames } from '../core/transfer/columnar-stream.ts';
import { readHeader } from '../core/transfer/decode-columnar.ts';

export function framesOfBody(body: Uint8Array, patchBytes = 4096): Uint8Array {
  const { header, bodyStart } = readHeader(body);
  const frames = new ColumnarFrames({
    header,
    prefix: body.subarray(0, bodyStart),
    bodyStart,
    byteLength: body.byteLength,
    lists: [],
  });
  frames.head();
  for (const [name, ref] of Object.entries(header.sections))
    for (let at = 0; at < ref.byteLength; at += patchBytes) {
      const start = bodyStart + ref.offset + at;
      frames.patch(name, at, body.subarray(start, start + Math.min(patchBytes, ref.byteLength - at)));
    }
  frames.end();
  return frames.take();
}
