/**
 * Reads a request body with a byte limit on both the bytes received and the bytes they inflate to,
 * whole (readBody) or as a stream of chunks (streamBody). Decompression is streamed and stops as
 * soon as the limit is crossed, so a gzip bomb is never inflated. On failure the request is paused,
 * not destroyed, so the error answer still reaches the client (the caller answers with
 * `Connection: close`).
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { Gunzip as GunzipStream, Unzlib } from 'fflate';
import type { BodyLease } from './body-budget.ts';

export type BodyEncoding = 'identity' | 'gzip' | 'deflate';

export class BodyError extends Error {
  override name = 'BodyError';
  constructor(
    /**
     * 400: undecodable compression; 413: over the limit; 429: the server holds too many bodies at
     * once (body-budget.ts); 499: the client went away (or a read failed).
     */
    readonly status: 400 | 413 | 429 | 499,
    message: string,
  ) {
    super(message);
  }
}

/** The Content-Encoding header → a supported encoding, or null. */
export function parseContentEncoding(header: string | undefined): BodyEncoding | null {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  return null;
}

/** 'gzip' when the bytes start with the gzip magic number (1f 8b). */
export function sniffGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1 && v % 1024 === 0) {
    v /= 1024;
    i++;
  }
  return `${v} ${units[i]}`;
}

export interface ReadBodyOptions {
  readonly limitBytes: number;
  /** 'sniff' decompresses when the body starts with the gzip magic number (file uploads). */
  readonly encoding: BodyEncoding | 'sniff';
  /** The server's budget for bodies held at once: each byte kept (inflated) is taken from it. */
  readonly lease?: BodyLease;
}

export function readBody(req: IncomingMessage, opts: ReadBodyOptions): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > opts.limitBytes) return Promise.reject(tooLarge('request body', opts.limitBytes));
  return readLimited(req, opts);
}

/** Compressed bytes inflated at a time (a bomb never inflates far past the limit). */
const INFLATE_BITE = 16 * 1024;

/**
 * The body's chunks as they arrive, inflated when its Content-Encoding says so, under `limitBytes`
 * received and inflated; throws BodyError (499 when the client goes away mid-body). The request is
 * read only as fast as the consumer takes the chunks, and is paused, not destroyed, when the
 * consumer stops early (so that an answer can still be sent).
 */
export async function* streamBody(
  req: IncomingMessage,
  encoding: BodyEncoding,
  limitBytes: number,
): AsyncGenerator<Uint8Array> {
  let received = 0;
  let inflated = 0;
  const out: Uint8Array[] = [];
  const inflater =
    encoding === 'identity'
      ? null
      : encoding === 'gzip'
        ? new GunzipStream((d: Uint8Array) => out.push(d))
        : new Unzlib((d: Uint8Array) => out.push(d));
  function* take(): Generator<Uint8Array> {
    for (const d of out.splice(0)) {
      inflated += d.length;
      if (inflated > limitBytes) throw tooLarge('decompressed request body', limitBytes);
      yield d;
    }
  }
  try {
    for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > limitBytes) throw tooLarge('request body', limitBytes);
      if (!inflater) yield chunk;
      else
        for (let i = 0; i < chunk.length; i += INFLATE_BITE) {
          inflater.push(chunk.subarray(i, i + INFLATE_BITE));
          yield* take();
        }
    }
    if (!req.complete) throw new BodyError(499, 'the client closed the connection');
    inflater?.push(new Uint8Array(0), true);
    yield* take();
  } catch (error) {
    if (error instanceof BodyError) throw error;
    if (typeof (error as { code?: unknown }).code === 'number')
      throw new BodyError(400, `invalid ${encoding} body: ${(error as Error).message}`);
    throw new BodyError(499, (error as Error).message || 'the client closed the connection');
  }
}

function overBudget(): BodyError {
  return new BodyError(429, 'the server is holding too many request bodies at once; retry later');
}

function tooLarge(what: string, limitBytes: number): BodyError {
  return new BodyError(413, `${what} is larger than the limit of ${formatBytes(limitBytes)}`);
}

/** Any byte stream (a request body, a file, stdin) into one buffer, under the same limits. */
export function readLimited(req: Readable, opts: ReadBodyOptions): Promise<Buffer> {
  const { limitBytes } = opts;
  return new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    let received = 0;
    let inflated = 0;
    let inflater: Gunzip | Inflate | null = null;
    let decided = opts.encoding !== 'sniff';
    let settled = false;
    let ended = false;

    const finish = (err: BodyError | null) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onAborted);
      req.off('error', onAborted);
      if (err) {
        req.pause();
        inflater?.destroy();
        reject(err);
      } else resolve(Buffer.concat(parts, inflater ? inflated : received));
    };
    const startInflater = (kind: 'gzip' | 'deflate') => {
      const z = kind === 'gzip' ? createGunzip() : createInflate();
      z.on('data', (chunk: Buffer) => {
        inflated += chunk.length;
        if (inflated > limitBytes) finish(tooLarge('decompressed request body', limitBytes));
        else keep(chunk);
      });
      z.on('error', (e) => finish(new BodyError(400, `invalid ${kind} body: ${e.message}`)));
      z.on('end', () => finish(null));
      z.on('drain', () => req.resume());
      inflater = z;
    };
    if (opts.encoding === 'gzip' || opts.encoding === 'deflate') startInflater(opts.encoding);

    const keep = (chunk: Buffer) => {
      if (opts.lease && !opts.lease.take(chunk.length)) finish(overBudget());
      else parts.push(chunk);
    };
    const feed = (chunk: Buffer) => {
      if (!inflater) keep(chunk);
      else if (!inflater.write(chunk)) req.pause();
    };
    /** Sniffing waits for the first two bytes, which may arrive in separate chunks. */
    const decide = () => {
      decided = true;
      const head = Buffer.concat(parts.splice(0));
      if (sniffGzip(head)) startInflater('gzip');
      feed(head);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) return finish(tooLarge('request body', limitBytes));
      if (decided) return feed(chunk);
      // Its first bytes, until the gzip magic number can be seen; taken from the lease once fed.
      parts.push(chunk);
      if (received >= 2) decide();
    };
    const onEnd = () => {
      ended = true;
      if (!decided) decide();
      if (inflater && received === 0) finish(null);
      else if (inflater) inflater.end();
      else finish(null);
    };
    const onAborted = (err?: Error) => {
      if (!ended) finish(new BodyError(499, err?.message ?? 'the client closed the connection'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onAborted);
    req.on('error', onAborted);
  });
}
