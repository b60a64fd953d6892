import { describe, expect, it } from 'vitest';
import { ApiError } from '../../data/api-client.ts';
import type { ImportResult } from '../../data/api-types.ts';
import type { UploadOptions } from '../../data/file-upload.ts';
import type { UploadState } from '../../state/local-files.ts';
import { UploadQueue } from './upload-queue.ts';

/** A stand-in store: each upload waits until the test settles it. */
function fakeStore() {
  const calls: {
    file: File;
    options: UploadOptions;
    resolve(r: ImportResult): void;
    reject(e: unknown): void;
  }[] = [];
  const upload = (file: File, options: UploadOptions) =>
    new Promise<ImportResult>((resolve, reject) => {
      calls.push({ file, options, resolve, reject });
      options.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  return { calls, upload };
}

const file = (name: string, size: number) => new File([new Uint8Array(size)], name);
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('UploadQueue', () => {
  it('sends nothing before a file is allowed, then each file in order, and reports the whole set', async () => {
    const store = fakeStore();
    const states: UploadState[] = [];
    const q = new UploadQueue(
      [file('a.json', 100), file('b.json', 300)],
      (s) => states.push(s),
      store.upload,
    );
    expect(store.calls).toHaveLength(0);
    q.allow(1);
    expect(store.calls.map((c) => c.file.name)).toEqual(['a.json']);
    store.calls[0].options.onProgress?.(50, 100);
    expect(states.at(-1)).toEqual({ state: 'uploading', loadedBytes: 50, totalBytes: 400 });
    store.calls[0].resolve({ traceIds: ['t1'], spanCount: 3 });
    await tick();
    // b is not allowed yet: its start has not been decoded.
    expect(store.calls).toHaveLength(1);
    q.allow(2);
    store.calls[1].options.onProgress?.(150, 300);
    expect(states.at(-1)).toEqual({ state: 'uploading', loadedBytes: 250, totalBytes: 400 });
    store.calls[1].resolve({ traceIds: ['t1', 't2'], spanCount: 4 });
    await tick();
    expect(states.at(-1)).toEqual({ state: 'stored', traceIds: ['t1', 't2'], spanCount: 7 });
  });

  it('never sends a file when decoding fails first, and aborts the one in flight when it fails later', async () => {
    const store = fakeStore();
    const states: UploadState[] = [];
    const q = new UploadQueue([file('a.json', 10), file('b.json', 10)], (s) => states.push(s), store.upload);
    q.allow(1);
    q.cancel('b.json cannot be read');
    await tick();
    expect(store.calls).toHaveLength(1);
    expect(store.calls[0].options.signal?.aborted).toBe(true);
    q.allow(2);
    expect(store.calls).toHaveLength(1);
    expect(states.at(-1)).toEqual({ state: 'cancelled', reason: 'b.json cannot be read' });

    const untouched = fakeStore();
    const q2 = new UploadQueue([file('c.json', 10)], () => undefined, untouched.upload);
    q2.cancel('c.json cannot be read');
    q2.allow(1);
    expect(untouched.calls).toHaveLength(0);
  });

  it('stops at a refusal and says why, naming the file when there are several', async () => {
    const store = fakeStore();
    const states: UploadState[] = [];
    const q = new UploadQueue([file('a.json', 10), file('b.json', 10)], (s) => states.push(s), store.upload);
    q.allow(2);
    store.calls[0].reject(new ApiError(413, 'the file is larger than 1 KiB', '/api/import'));
    await tick();
    expect(store.calls).toHaveLength(1);
    expect(states.at(-1)).toEqual({
      state: 'refused',
      reason:
        'a.json: the file is larger than the store accepts (its --max-import-size): the file is larger than 1 KiB',
    });
    const one = fakeStore();
    const last: UploadState[] = [];
    new UploadQueue([file('x.json', 1)], (s) => last.push(s), one.upload).allow(1);
    one.calls[0].reject(new ApiError(404, 'not found', '/api/import'));
    await tick();
    expect(last.at(-1)).toEqual({
      state: 'refused',
      reason: 'this server has no trace store to import into (a static deployment)',
    });
  });
});
