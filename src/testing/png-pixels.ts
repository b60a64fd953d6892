/**
 * Tests only: a PNG decoded (@napi-rs/canvas) into its size and pixels, and a plain HTTP GET (no
 * fetch: no Sec-Fetch headers, as a chat app's unfurler asks).
 */
import { get } from 'node:http';
import { createCanvas, loadImage } from '@napi-rs/canvas';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** "#rrggbb" of the pixel at (x, y). */
  at(x: number, y: number): string;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export async function decodePng(bytes: Uint8Array): Promise<Pixels> {
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('not a PNG');
  const image = await loadImage(Buffer.from(bytes));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  const hex = (v: number) => v.toString(16).padStart(2, '0');
  return {
    width: image.width,
    height: image.height,
    at: (x, y) => {
      const o = (Math.floor(y) * image.width + Math.floor(x)) * 4;
      return `#${hex(data[o])}${hex(data[o + 1])}${hex(data[o + 2])}`;
    },
  };
}

export interface PlainAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

export function plainGet(url: string, headers: Record<string, string> = {}): Promise<PlainAnswer> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}
