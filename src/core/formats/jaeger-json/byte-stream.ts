/**
 * The spans of one Jaeger trace read as the input streams (json-stream/splitter.ts with `read`): each
 * span is read by the byte reader's JaegerSpanReader where it lies in the chunk the scanner reached
 * it in, so its bytes are gone over once, not once to cut documents and again to decode them. Jaeger
 * writes a trace's processes after its spans, so the spans wait staged (hot fields only) until the
 * trace ends; then each run of spans the splitter copied out of the input commits its rows, with their
 * details as byte ranges of that copy: what byte-decode.ts gives for the trace. (A span the reader
 * gives up on makes the splitter drop the trace's reader: its documents take the usual way.)
 */
import { JsonBytes } from '../json-bytes/cursor.ts';
import { commitStaged, type ReadSpans, StagedSpans } from '../json-bytes/staged.ts';
import { JaegerByteDetails } from './byte-details.ts';
import { ProcessSlots } from './byte-processes.ts';
import { JaegerSpanReader } from './byte-span.ts';

const NOTHING = new Uint8Array(0);

export class JaegerStreamTrace {
  private readonly staged = new StagedSpans();
  private readonly slots = new ProcessSlots(this.staged);
  private readonly j = new JsonBytes(NOTHING);
  private readonly reader = new JaegerSpanReader(this.j, this.staged, this.slots);

  constructor() {
    this.slots.beginTrace();
  }

  /**
   * Reads the span object at bytes[from] (reading no further than `end`) and stages it; the index
   * after it, or -1 (nothing staged) when it does not end before `end` or the reader gives up.
   */
  read(bytes: Uint8Array, from: number, end: number): number {
    this.j.reset(bytes, from, end);
    return this.reader.read() ? this.j.pos : -1;
  }

  /** The trace ended, its processes being `processes` (the value's bytes; undefined when absent). */
  end(processes: Uint8Array | undefined): void {
    if (processes) this.slots.endTrace(processes, 0, processes.length);
    else this.slots.endTrace(NOTHING, -1, -1);
  }

  /** Rows [from, to) as the spans of a document, span k being its bytes [ranges[2k], ranges[2k + 1]). */
  part(from: number, to: number, ranges: Uint32Array): ReadSpans {
    const { staged, slots } = this;
    return {
      format: 'jaeger-json',
      commit(bytes, sink) {
        const details = new JaegerByteDetails(
          bytes,
          ranges,
          staged.serviceOf.slice(from, to),
          slots.processes,
        );
        commitStaged(staged, details, sink, 'jaeger-json', from, to);
        return to - from;
      },
    };
  }
}
