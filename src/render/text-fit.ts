/**
 * Fitting labels into a width with an ellipsis. measureText is the costly call, so widths are
 * cached per font and string, and fitted results per (font, string, whole-pixel width). Caches are
 * dropped wholesale when they grow past a bound (trace strings are interned, so they stay small).
 */
import { partitionPoint } from '../core/layout/binary-search.ts';
import { revealInvisible } from '../core/model/visible-text.ts';

export interface TextMeasurer {
  font: string;
  measureText(text: string): { width: number };
}

const ELLIPSIS = '…';
const MAX_ENTRIES = 20_000;

export class TextFitter {
  /** Widths per font, then per string: no key is built per call. */
  private readonly widths = new Map<string, Map<string, number>>();
  private readonly fitted = new Map<string, string>();

  /** Width of `text` in `ctx.font`, cached. */
  width(ctx: TextMeasurer, text: string): number {
    let byText = this.widths.get(ctx.font);
    if (!byText) {
      byText = new Map();
      this.widths.set(ctx.font, byText);
    }
    let w = byText.get(text);
    if (w === undefined) {
      if (byText.size > MAX_ENTRIES) byText.clear();
      w = ctx.measureText(text).width;
      byText.set(text, w);
    }
    return w;
  }

  /**
   * `text` (bidi controls and zero-width characters made visible), or its longest prefix + "…" that
   * fits `maxWidthCssPx`; '' when not even "…" fits.
   */
  fit(ctx: TextMeasurer, label: string, maxWidthCssPx: number): string {
    if (maxWidthCssPx <= 0) return '';
    const text = revealInvisible(label);
    if (this.width(ctx, text) <= maxWidthCssPx) return text;
    const px = Math.floor(maxWidthCssPx);
    const key = `${ctx.font}\u0000${px}\u0000${text}`;
    let out = this.fitted.get(key);
    if (out === undefined) {
      out = this.shorten(ctx, text, px);
      if (this.fitted.size > MAX_ENTRIES) this.fitted.clear();
      this.fitted.set(key, out);
    }
    return out;
  }

  private shorten(ctx: TextMeasurer, text: string, px: number): string {
    if (this.width(ctx, ELLIPSIS) > px) return '';
    // The longest prefix that fits: the last length before the first one that does not.
    const fits = (n: number) => ctx.measureText(text.slice(0, n) + ELLIPSIS).width <= px;
    const n = partitionPoint(1, text.length + 1, fits) - 1;
    return text.slice(0, n).trimEnd() + ELLIPSIS;
  }
}
