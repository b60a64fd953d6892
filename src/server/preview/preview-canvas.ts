/**
 * The preview image itself, on @napi-rs/canvas (Skia, its binary in the npm package): the card's
 * header band and body (render/paint-card.ts), the app's waterfall painted into each pane's own
 * canvas at the pane's device size and laid into the body, then one PNG.
 */
import { type Canvas, createCanvas } from '@napi-rs/canvas';
import { FrameScratch, type WaterfallFrame } from '../../render/frame.ts';
import {
  CARD_BODY,
  CARD_HEIGHT_PX,
  CARD_WIDTH_PX,
  type CardText,
  paintCardHeader,
  paintCardMessage,
  paintCardPaneDivider,
} from '../../render/paint-card.ts';
import { paintWaterfall } from '../../render/paint-waterfall.ts';
import { type Palette, SERVICE_COLOURS } from '../../render/theme.ts';

/** The painters take the DOM's context type; Skia's implements what they call. */
function context2d(canvas: Canvas): CanvasRenderingContext2D {
  return canvas.getContext('2d') as unknown as CanvasRenderingContext2D;
}

/** What fills the card's body: the waterfall panes (left to right) or a message. */
export type CardBody =
  | { readonly kind: 'panes'; readonly frames: readonly WaterfallFrame[] }
  | { readonly kind: 'message'; readonly message: string; readonly detail: string };

export async function drawCard(text: CardText, body: CardBody, palette: Palette): Promise<Uint8Array> {
  const card = createCanvas(CARD_WIDTH_PX, CARD_HEIGHT_PX);
  const ctx = context2d(card);
  paintCardHeader(ctx, text, palette);
  if (body.kind === 'message') paintCardMessage(ctx, body.message, body.detail, palette);
  else {
    const paneWidthPx = CARD_BODY.width / body.frames.length;
    body.frames.forEach((frame, i) => {
      const pane = createCanvas(paneWidthPx, CARD_BODY.height);
      paintWaterfall(context2d(pane), frame, new FrameScratch(SERVICE_COLOURS.length));
      ctx.drawImage(pane as unknown as CanvasImageSource, CARD_BODY.x + i * paneWidthPx, CARD_BODY.y);
    });
    if (body.frames.length === 2) paintCardPaneDivider(ctx, palette);
  }
  return new Uint8Array(await card.encode('png'));
}
