/**
 * The detail texts of a trace whose details travel apart from its hot columns (columnar-layout.ts,
 * deferred mode): span i is fetched by its key `keyBase + keys[i]`; keys ascend with i, so a key
 * range [keyOf(a), keyOf(b - 1)] holds exactly spans a..b-1, and the batches that answer such ranges
 * (detail-batch.ts) fill the spans as they arrive, in any order.
 */
import { decodeUtf8Entry, type Utf8List } from './utf8-list.ts';

export class DeferredDetails {
  readonly count: number;
  private readonly batches: Utf8List[] = [];
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
    for (let k = 0; k < entries; k++) {
      const i = first + k;
      if (this.batchOf[i] >= 0) continue;
      this.batchOf[i] = b;
      this.entryOf[i] = k;
      this.loaded++;
    }
  }

  /** The first span at or after `from` whose details have not arrived, or `count`. */
  nextMissing(from: number): number {
    let i = Math.max(0, from);
    while (i < this.count && this.batchOf[i] >= 0) i++;
    return i;
  }
}
