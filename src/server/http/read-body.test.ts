import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BodyError, parseContentEncoding, readLimited } from './read-body.ts';

/** A stream that hands out `bytes` in chunks of `chunkBytes`, counting how much was pulled. */
function chunked(bytes: Uint8Array, chunkBytes: number) {
  let offset = 0;
  const stream = new Readable({
    read() {
      if (offset >= bytes.length) return void this.push(null);
      this.push(Buffer.from(bytes.subarray(offset, offset + chunkBytes)));
      offset += chunkBytes;
    },
  });
  return { stream, pulled: () => offset };
}

async function fails(p: Promise<unknown>): Promise<BodyError> {
  const err = await p.then(
    () => null,
    (e) => e,
  );
  expect(err).toBeInstanceOf(BodyError);
  return err as BodyError;
}

describe('readLimited', () => {
  const text = Buffer.from('{"resourceSpans":[]}'.repeat(100));

  it('returns the bytes as sent, however they are chunked', async () => {
    for (const size of [1, 7, 4096]) {
      const body = await readLimited(chunked(text, size).stream, { limitBytes: 1e6, encoding: 'identity' });
      expect(body.equals(text)).toBe(true);
    }
  });

  it('inflates gzip, declared or sniffed (even when the magic number is split across chunks)', async () => {
    const gz = gzipSync(text);
    const declared = await readLimited(chunked(gz, 100).stream, { limitBytes: 1e6, encoding: 'gzip' });
    expect(declared.equals(text)).toBe(true);
    const sniffed = await readLimited(chunked(gz, 1).stream, { limitBytes: 1e6, encoding: 'sniff' });
    expect(sniffed.equals(text)).toBe(true);
    const plain = await readLimited(chunked(text, 1).stream, { limitBytes: 1e6, encoding: 'sniff' });
    expect(plain.equals(text)).toBe(true);
  });

  it('an empty body is empty, also when it says gzip', async () => {
    const empty = new Uint8Array();
    expect((await readLimited(chunked(empty, 1).stream, { limitBytes: 10, encoding: 'gzip' })).length).toBe(
      0,
    );
    expect((await readLimited(chunked(empty, 1).stream, { limitBytes: 10, encoding: 'sniff' })).length).toBe(
      0,
    );
  });

  it('stops reading as soon as the limit is crossed', async () => {
    const big = new Uint8Array(1_000_000);
    const src = chunked(big, 1000);
    const err = await fails(readLimited(src.stream, { limitBytes: 10_000, encoding: 'identity' }));
    expect(err.status).toBe(413);
    expect(err.message).toContain('larger than the limit of 10000 bytes');
    expect(src.pulled()).toBeLessThan(100_000);
  });

  it('does not inflate a gzip bomb beyond the limit', async () => {
    // 1,024 gzip members of 1 MiB of zeros each: 1 MiB that inflates to 1 GiB.
    const member = gzipSync(Buffer.alloc(1024 ** 2), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 1024 }, () => member));
    const src = chunked(bomb, 4096);
    const err = await fails(readLimited(src.stream, { limitBytes: 1024 ** 2, encoding: 'gzip' }));
    expect(err.status).toBe(413);
    expect(err.message).toContain('decompressed request body is larger than the limit of 1 MiB');
    expect(src.pulled()).toBeLessThan(bomb.length / 16);
  });

  it('refuses truncated and corrupt gzip with 400', async () => {
    const gz = gzipSync(text);
    const truncated = await fails(
      readLimited(chunked(gz.subarray(0, gz.length - 12), 50).stream, { limitBytes: 1e6, encoding: 'gzip' }),
    );
    expect(truncated.status).toBe(400);
    expect(truncated.message).toMatch(/invalid gzip body: unexpected end of file/);
    const corrupt = await fails(readLimited(chunked(text, 50).stream, { limitBytes: 1e6, encoding: 'gzip' }));
    expect(corrupt.status).toBe(400);
  });

  it('reports a stream that fails mid-way', async () => {
    const stream = new Readable({
      read() {
        this.destroy(new Error('EIO: disk on fire'));
      },
    });
    const err = await fails(readLimited(stream, { limitBytes: 10, encoding: 'identity' }));
    expect(err.status).toBe(499);
    expect(err.message).toContain('disk on fire');
  });
});

describe('parseContentEncoding', () => {
  it('knows identity, gzip and deflate and nothing else', () => {
    expect(parseContentEncoding(undefined)).toBe('identity');
    expect(parseContentEncoding(' GZIP ')).toBe('gzip');
    expect(parseContentEncoding('deflate')).toBe('deflate');
    expect(parseContentEncoding('br')).toBeNull();
    expect(parseContentEncoding('gzip, br')).toBeNull();
  });
});
