import { describe, expect, test } from 'vitest';
import { diffPreviewRequest, previewImagePath, tracePreviewRequest } from './preview-request.ts';

const ID = '0af7651916cd43dd8448eb211c80319c';
const q = (s: string) => new URLSearchParams(s);

describe('preview requests', () => {
  test('read span, zoom window (µs) and theme as the app writes them; the path says them back', () => {
    const r = tracePreviewRequest(ID, q('span=B7AD6B7169203331&from=1200&to=3500.5&theme=dark&view=flame'));
    expect(r).toEqual({
      kind: 'trace',
      traceId: ID,
      spanId: 'b7ad6b7169203331',
      window: { startNs: 1_200_000, endNs: 3_500_500 },
      theme: 'dark',
    });
    expect(previewImagePath(r)).toBe(
      `/api/preview/trace/${ID}.png?span=b7ad6b7169203331&from=1200&to=3500.5&theme=dark`,
    );
  });

  test('ignore what the app would ignore', () => {
    for (const bad of ['span=zz', 'from=1&to=1', 'from=5', 'from=a&to=b', 'theme=neon', 'from=1e3&to=2e3']) {
      const r = tracePreviewRequest(ID, q(bad));
      expect(previewImagePath(r), bad).toBe(`/api/preview/trace/${ID}.png`);
    }
  });

  test('a diff: both ids, the span, the theme', () => {
    const r = diffPreviewRequest('a'.repeat(32), 'b'.repeat(32), q('span=0000000000000001&mode=merged'));
    expect(previewImagePath(r)).toBe(
      `/api/preview/diff/${'a'.repeat(32)}/${'b'.repeat(32)}.png?span=0000000000000001`,
    );
  });
});
