/**
 * Trace files as the commands read them: a path or '-' (stdin), gzip'd or not (by magic bytes),
 * as a stream of chunks or whole under a size limit. Unreadable files are InputErrors whose
 * message names the file.
 */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BodyError, formatBytes, readLimited, sniffGzip } from '../http/read-body.ts';

/** A file that cannot be read (or is too large); the message starts with the file name. */
export class InputError extends Error {
  override name = 'InputError';
}

export async function openInput(file: string): Promise<Readable> {
  if (file === '-') return process.stdin;
  try {
    const handle = await open(file, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw new InputError(`${file}: is a directory, not a trace file`);
    }
    return handle.createReadStream({ highWaterMark: 1024 * 1024 });
  } catch (err) {
    if (err instanceof InputError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new InputError(`${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
}

/** The whole file (gunzipped when it starts with the gzip magic number), at most `maxBytes`. */
export async function readTraceFile(file: string, maxBytes: number): Promise<Buffer> {
  const input = await openInput(file);
  try {
    return await readLimited(input, { limitBytes: maxBytes, encoding: 'sniff' });
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    const why = err.status === 413 ? `larger than the limit of ${formatBytes(maxBytes)}` : err.message;
    throw new InputError(`${file}: ${why.replace('request body', 'file')}`);
  } finally {
    if (input !== process.stdin) input.destroy();
  }
}

/** The file's bytes as they stream in, gunzipped when they start with the gzip magic number. */
export async function* streamTraceFile(file: string): AsyncGenerator<Uint8Array> {
  const input = await openInput(file);
  const fail = (err: unknown): never => {
    throw new InputError(`${file}: ${(err as Error).message}`);
  };
  try {
    const raw = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let head = Buffer.alloc(0);
    while (head.length < 2) {
      const next = await raw.next().catch(fail);
      if (next.done) break;
      head = Buffer.concat([head, next.value]);
    }
    if (!sniffGzip(head)) {
      if (head.length) yield head;
      for (;;) {
        const next = await raw.next().catch(fail);
        if (next.done) return;
        yield next.value;
      }
    }
    const gunzip = createGunzip();
    const feed = (async () => {
      gunzip.write(head);
      for (;;) {
        const next = await raw.next();
        if (next.done) break;
        if (!gunzip.write(next.value)) await new Promise((r) => gunzip.once('drain', r));
      }
      gunzip.end();
    })();
    feed.catch((err) => gunzip.destroy(err));
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (err) {
      fail(new Error(`invalid gzip data: ${(err as Error).message}`));
    }
    await feed;
  } finally {
    if (input !== process.stdin) input.destroy();
  }
}
