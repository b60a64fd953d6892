/**
 * The card of a link preview image (1200×630 device px, what chat apps unfurl): a header band with
 * the app's name, the title (what the link shows), a line of figures and an alert line (the first
 * error, the first divergence), optionally a caption over each of two panes; under it the body: the
 * app's own waterfall, drawn by its painters into the body rectangle by the caller, or a message
 * (an unknown trace, one too big to draw in time). Text is fitted with an ellipsis and drawn as text:
 * span data never becomes anything else.
 */
import { FONT_FAMILY } from './fonts.ts';
import { TextFitter } from './text-fit.ts';
import type { Palette } from './theme.ts';

export const CARD_WIDTH_PX = 1200;
export const CARD_HEIGHT_PX = 630;
export const CARD_HEADER_PX = 168;
const PAD_PX = 32;

const FONT_BRAND = `700 19px ${FONT_FAMILY}`;
const FONT_TITLE = `600 34px ${FONT_FAMILY}`;
const FONT_FIGURES = `22px ${FONT_FAMILY}`;
const FONT_ALERT = `20px ${FONT_FAMILY}`;
const FONT_CAPTION = `600 16px ${FONT_FAMILY}`;
const FONT_MESSAGE = `600 30px ${FONT_FAMILY}`;
/** Middles of the header's lines (device px). */
const LINE_Y = { brand: 22, title: 60, figures: 96, alert: 126, captions: 155 } as const;

export interface CardText {
  /** Top right, muted: what kind of link this is ("Trace 4bf92f35…"). */
  readonly kind: string;
  readonly title: string;
  /** Colour of the swatch before the title (the root service's), or null for none. */
  readonly swatch: string | null;
  readonly figures: string;
  /** Drawn in the error colour; '' for none. */
  readonly alert: string;
  /** Captions over the two halves of the body (a diff's panes), or null. */
  readonly panes: readonly [string, string] | null;
}

/** Where the body goes under the header band, in device px. */
export const CARD_BODY = {
  x: 0,
  y: CARD_HEADER_PX,
  width: CARD_WIDTH_PX,
  height: CARD_HEIGHT_PX - CARD_HEADER_PX,
} as const;

/** The whole card's background and its header band (device px, no transform). */
export function paintCardHeader(ctx: CanvasRenderingContext2D, c: CardText, p: Palette): void {
  const fit = new TextFitter();
  const width = CARD_WIDTH_PX - 2 * PAD_PX;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = p.background;
  ctx.fillRect(0, 0, CARD_WIDTH_PX, CARD_HEIGHT_PX);
  ctx.fillStyle = p.headerBackground;
  ctx.fillRect(0, 0, CARD_WIDTH_PX, CARD_HEADER_PX);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';

  ctx.font = FONT_BRAND;
  ctx.fillStyle = p.selectedOutline;
  ctx.fillText('Spanscope', PAD_PX, LINE_Y.brand);
  const brandEnd = PAD_PX + fit.width(ctx, 'Spanscope') + 24;
  ctx.font = FONT_FIGURES;
  ctx.fillStyle = p.textMuted;
  const kind = fit.fit(ctx, c.kind, CARD_WIDTH_PX - PAD_PX - brandEnd);
  ctx.textAlign = 'right';
  ctx.fillText(kind, CARD_WIDTH_PX - PAD_PX, LINE_Y.brand);
  ctx.textAlign = 'left';

  let x = PAD_PX;
  if (c.swatch) {
    ctx.fillStyle = c.swatch;
    ctx.fillRect(PAD_PX, LINE_Y.title - 16, 10, 32);
    x += 24;
  }
  ctx.font = FONT_TITLE;
  ctx.fillStyle = p.text;
  ctx.fillText(fit.fit(ctx, c.title, PAD_PX + width - x), x, LINE_Y.title);
  ctx.font = FONT_FIGURES;
  ctx.fillStyle = p.textMuted;
  ctx.fillText(fit.fit(ctx, c.figures, width), PAD_PX, LINE_Y.figures);
  if (c.alert) {
    ctx.font = FONT_ALERT;
    ctx.fillStyle = p.error;
    ctx.fillText(fit.fit(ctx, c.alert, width), PAD_PX, LINE_Y.alert);
  }
  if (c.panes) {
    ctx.font = FONT_CAPTION;
    ctx.fillStyle = p.textMuted;
    const half = CARD_WIDTH_PX / 2;
    c.panes.forEach((caption, i) => {
      ctx.fillText(fit.fit(ctx, caption, half - 2 * PAD_PX), i * half + 12, LINE_Y.captions);
    });
  }
  ctx.fillStyle = p.divider;
  ctx.fillRect(0, CARD_HEADER_PX - 1, CARD_WIDTH_PX, 1);
}

/** A message in the body instead of a waterfall (a line, and a muted line under it). */
export function paintCardMessage(
  ctx: CanvasRenderingContext2D,
  message: string,
  detail: string,
  p: Palette,
): void {
  const fit = new TextFitter();
  const width = CARD_WIDTH_PX - 4 * PAD_PX;
  const middle = CARD_BODY.y + CARD_BODY.height / 2;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  ctx.font = FONT_MESSAGE;
  ctx.fillStyle = p.text;
  ctx.fillText(fit.fit(ctx, message, width), CARD_WIDTH_PX / 2, middle - 22);
  ctx.font = FONT_FIGURES;
  ctx.fillStyle = p.textMuted;
  ctx.fillText(fit.fit(ctx, detail, width), CARD_WIDTH_PX / 2, middle + 22);
  ctx.textAlign = 'left';
}

/** The line between a diff's two panes. */
export function paintCardPaneDivider(ctx: CanvasRenderingContext2D, p: Palette): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = p.divider;
  ctx.fillRect(CARD_WIDTH_PX / 2 - 1, CARD_BODY.y, 2, CARD_BODY.height);
}
