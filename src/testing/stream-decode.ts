/**
 * What decoding an input gives, whole (decodeInput) or streamed in chunks through the InputSplitter
 * (decodePiece), as comparable data: every span's dump line and every trace's summary, or the
 * FormatError it was refused with. The streaming tests compare the two.
 */

import { dumpSpans } from '../core/formats/dump.ts';
import { decodeInput } from '../core/formats/index.ts';
import { decodePiece } from '../core/formats/stream/decode-piece.ts';
import { InputSplitter, type InputSplitterOptions } from '../core/formats/stream/input-splitter.ts';
import { FormatError } from '../core/formats/types.ts';
import { TraceSetBuilder } from '../core/model/span-table.ts';
import { buildTree } from '../core/tree/build-tree.ts';

export type Outcome = { readonly dump: string; readonly summaries: string } | { readonly error: FormatError };

function outcomeOf(decode: (sink: TraceSetBuilder) => void): Outcome {
  const sink = new TraceSetBuilder();
  try {
    decode(sink);
  } catch (error) {
    if (error instanceof FormatError) return { error };
    throw error;
  }
  const tables = sink.build();
  return {
    dump: dumpSpans(tables).join('\n'),
    summaries: JSON.stringify(tables.map((t) => buildTree(t, { adjustClockSkew: false }).summary)),
  };
}

export function wholeOutcome(bytes: Uint8Array): Outcome {
  return outcomeOf((sink) => decodeInput(bytes, sink));
}

export function streamedOutcome(chunks: Iterable<Uint8Array>, options: InputSplitterOptions = {}): Outcome {
  return outcomeOf((sink) => {
    const splitter = new InputSplitter(options);
    for (const chunk of chunks) for (const piece of splitter.push(chunk)) decodePiece(piece, sink);
    for (const piece of splitter.end()) decodePiece(piece, sink);
  });
}

/** `bytes` cut at the given offsets. */
export function cutAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  return out;
}
