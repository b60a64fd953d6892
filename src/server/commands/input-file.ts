/**
 * Trace files as the commands read them: a path or '-' (stdin), as a stream of chunks, or whole under
 * a size limit and gunzipped (by magic bytes). Unreadable files are InputErrors whose
 * message names the file.
 */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { BodyError, formatBytes, readLimited } from '../http/read-body.ts';

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

/** The file's bytes as they stream in (as they are: the formats' InputSplitter inflates gzip). */
export async function* fileChunks(file: string): AsyncGenerator<Uint8Array> {
  const input = await openInput(file);
  try {
    for await (const chunk of input) yield chunk as Buffer;
  } catch (err) {
    throw new InputError(`${file}: ${(err as Error).message}`);
  } finally {
    if (input !== process.stdin) input.destroy();
  }
}
