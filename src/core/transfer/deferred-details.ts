/**
 * The detail texts of a trace whose details travel apart from its hot columns (columnar-layout.ts,
 * deferred mode): span i is fetched by its key `keyBase + keys[i]`; keys ascend with i, so a key
 * range [keyOf(a), keyOf(b - 1)] holds exactly spans a..b-1, and the batches that answer such ranges
 * (detail-batch.ts) fill the spans as they arrive, in any order.
 */
import { decodeUtf8Entry, type Utf8List } from './utf8-list.ts';

/** ASCII upper case → lower case; every other byte as it is. */
const FOLD = Uint8Array.from({ length: 256 }, (_, c) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c));

export class DeferredDetails {
  readonly count: number;
  private readonly batches: Utf8List[] = [];
  /** The span of each batch's first entry. */
  private readonly batchFirst: number[] = [];
  /** Per span: index of the batch holding it (−1: not arrived) and its entry in that batch. */
  private readonly batchOf: Int32Array;
  private readonly entryOf: Uint32Array;
  private loaded = 0;

  constructor(
    readonly keys: Uint32Array,
    readonly keyBase: bigint,
  ) {
    for (let i = 1; i < keys.length; i++)
      if (keys[i] <= keys[i - 1]) throw new Error(`columnar trace: detailKeys[${i}] is not ascending`);
    this.count = keys.length;
    this.batchOf = new Int32Array(keys.length).fill(-1);
    this.entryOf = new Uint32Array(keys.length);
  }

  /** The store key of span i. */
  keyOf(i: number): bigint {
    return this.keyBase + BigInt(this.keys[i]);
  }

  has(i: number): boolean {
    return this.batchOf[i] >= 0;
  }

  get complete(): boolean {
    return this.loaded === this.count;
  }

  /** The detail text of span i, or undefined while it has not arrived. */
  text(i: number): string | undefined {
    const b = this.batchOf[i];
    return b < 0 ? undefined : decodeUtf8Entry(this.batches[b], this.entryOf[i]);
  }

  /** Spans [first, first + entries) get the batch's texts (spans already filled keep theirs). */
  fill(first: number, batch: Utf8List): void {
    const entries = batch.offsets.length - 1;
    if (!(first >= 0 && entries >= 0 && first + entries <= this.count))
      throw new RangeError(`details batch of ${entries} spans at ${first} is outside 0..${this.count}`);
    const b = this.batches.push(batch) - 1;
    this.batchFirst.push(first);
    for (let k = 0; k < entries; k++) {
      const i = first + k;
      if (this.batchOf[i] >= 0) continue;
      this.batchOf[i] = b;
      this.entryOf[i] = k;
      this.loaded++;
    }
  }

  /**
   * Sets `marks[i]` to 1 for every span whose detail text contains `needle` (lower-case ASCII
   * bytes), ignoring ASCII case: one pass over the raw UTF-8, no text decoded. Spans whose details
   * have not arrived are left as they are.
   */
  markContaining(needle: Uint8Array, marks: Uint8Array): void {
    const m = needle.length;
    if (m === 0) return;
    const first = needle[0];
    this.batches.forEach((batch, b) => {
      const { bytes, offsets } = batch;
      const base = this.batchFirst[b];
      let entry = 0;
      for (let p = 0; p + m <= bytes.length; p++) {
        if (FOLD[bytes[p]] !== first) continue;
        let k = 1;
        while (k < m && FOLD[bytes[p + k]] === needle[k]) k++;
        if (k < m) continue;
        while (offsets[entry + 1] <= p) entry++;
        const span = base + entry;
        // Within one entry, and that entry is where the span's details are kept.
        if (p + m <= offsets[entry + 1] && this.batchOf[span] === b) marks[span] = 1;
      }
    });
  }

  /** The first span at or after `from` whose details have not arrived, or `count`. */
  nextMissing(from: number): number {
    let i = Math.max(0, from);
    while (i < this.count && this.batchOf[i] >= 0) i++;
    return i;
  }
}
