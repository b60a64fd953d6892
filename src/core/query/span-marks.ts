/**
 * Scratch marks over the spans of one trace, and span lists. Marks clear in O(1): an entry counts
 * only when its stamp is the current generation, so a structural operator over a handful of spans
 * (after by()) costs what it touches, not the size of the trace.
 */
export class SpanMarks {
  private readonly stamp: Uint32Array;
  private readonly value: Int32Array;
  private generation = 1;

  constructor(size: number) {
    this.stamp = new Uint32Array(size);
    this.value = new Int32Array(size);
  }

  /** Forgets every mark. */
  clear(): void {
    this.generation++;
  }

  has(span: number): boolean {
    return this.stamp[span] === this.generation;
  }

  /** The value of a marked span, or 0. */
  get(span: number): number {
    return this.stamp[span] === this.generation ? this.value[span] : 0;
  }

  set(span: number, value = 1): void {
    this.stamp[span] = this.generation;
    this.value[span] = value;
  }

  add(span: number, delta: number): void {
    this.set(span, this.get(span) + delta);
  }

  /** Marks every span of the list. */
  setAll(spans: readonly number[]): void {
    for (const s of spans) this.set(s);
  }
}

/** A fresh set of marks for a trace of this size, created on first use. */
export class MarksPool {
  private readonly pool: SpanMarks[] = [];
  private used = 0;

  /** How many marks are taken (to release what an operation took). */
  get taken(): number {
    return this.used;
  }

  constructor(private readonly size: number) {}

  /** Cleared marks, valid until release(). */
  take(): SpanMarks {
    const marks = this.pool[this.used] ?? new SpanMarks(this.size);
    this.pool[this.used++] = marks;
    marks.clear();
    return marks;
  }

  release(count: number): void {
    this.used -= count;
  }
}

/** The spans of several ascending lists, ascending and without repeats. */
export function unionAscending(lists: readonly (readonly number[])[]): number[] {
  if (lists.length === 1) return lists[0].slice();
  const all = Int32Array.from(lists.flat()).sort();
  const out: number[] = [];
  for (const s of all) if (out.length === 0 || out[out.length - 1] !== s) out.push(s);
  return out;
}
