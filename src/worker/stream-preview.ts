/**
 * When the worker draws a trace the store is still streaming: the spans in so far (core's stream
 * reader gives them as a table) are built and laid out as a trace of their own, and posted as a
 * preview, which the main thread draws at once; the complete trace replaces it.
 *
 * The first preview comes once a tenth of the spans are in (at most 50,000: screenfuls, built in
 * about 50 ms); another only while it stays cheap: a second at least after the last,
 * and only if the previews so far plus this one (estimated from the last, by spans) come to under a
 * tenth of the stream's time, so the complete trace is not held back by more than ~10%. Traces under
 * 50,000 spans get none: they open whole in a few tenths of a second, and a preview would only cost.
 * Nor does a stream whose rest is near (expected, at the rate its rows came so far, to take under
 * 300 ms): a 100k-span trace from a local store streams in 0.1–0.3 s, and its preview (~0.1 s of the
 * worker's time) drew it no sooner than the complete trace came without one; over a slow link it does.
 */
import type { SpanTable } from '../core/model/span-table.ts';
import type { ColumnarStreamReader } from '../core/transfer/columnar-stream-reader.ts';

export const PREVIEW_MIN_SPANS = 50_000;
const FIRST_SHARE = 0.1;
const FIRST_MAX_ROWS = 50_000;
const REFRESH_MS = 1_000;
/** The first preview only when the rest of the stream is expected to take this long. */
const FIRST_MIN_REST_MS = 300;
/** Of the stream's time so far, what the previews may cost. */
const COST_SHARE = 0.1;

export class StreamPreview {
  private startedAt: number | null = null;
  private shownRows = 0;
  private lastAt = 0;
  private lastCostMs = 0;
  /** Time spent building previews, in ms. */
  spentMs = 0;

  constructor(
    /** Builds, lays out and posts the preview of `table` (the rows of `stream` in so far). */
    private readonly show: (table: SpanTable, stream: ColumnarStreamReader) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * After each piece of the stream is pushed: shows a preview when one is due and `wanted` (pieces
   * read before anyone draws previews, early-open.ts, still time the stream: its rate says when the
   * rest will be in).
   */
  offer(stream: ColumnarStreamReader, wanted = true): void {
    const total = stream.count;
    if (total === null || total < PREVIEW_MIN_SPANS || stream.done) return;
    const t = this.now();
    this.startedAt ??= t;
    if (!wanted) return;
    const rows = stream.rowsIn;
    if (rows >= total || !this.due(rows, total, t)) return;
    const table = stream.prefix();
    if (!table) return;
    this.show(table, stream);
    const end = this.now();
    this.lastCostMs = end - t;
    this.spentMs += this.lastCostMs;
    this.shownRows = rows;
    this.lastAt = end;
  }

  private due(rows: number, total: number, t: number): boolean {
    if (this.shownRows === 0) {
      const elapsed = t - (this.startedAt ?? t);
      const restMs = rows > 0 ? ((total - rows) * elapsed) / rows : 0;
      return rows >= Math.min(FIRST_MAX_ROWS, total * FIRST_SHARE) && restMs >= FIRST_MIN_REST_MS;
    }
    if (rows <= this.shownRows || t - this.lastAt < REFRESH_MS) return false;
    const estimateMs = (this.lastCostMs * rows) / this.shownRows;
    return this.spentMs + estimateMs <= COST_SHARE * (t - (this.startedAt ?? t));
  }
}
