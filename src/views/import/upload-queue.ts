/**
 * The store import behind files opened in the browser: one `POST /api/import` per file, in order,
 * each sent only once allowed (open-files.ts allows them once the worker has read them: a file that cannot be decoded is never
 * sent), all stopped when decoding fails later. Reports one UploadState for the whole set.
 */
import type { ImportResult } from '../../data/api-types.ts';
import { importRefusal, type UploadOptions, uploadTraceFile } from '../../data/file-upload.ts';
import type { UploadState } from '../../state/local-files.ts';

export type Upload = (file: File, options: UploadOptions) => Promise<ImportResult>;

export class UploadQueue {
  private allowed = 0;
  private next = 0;
  private sentBytes = 0;
  private inFlight: AbortController | null = null;
  private stopped = false;
  private readonly results: ImportResult[] = [];
  private readonly totalBytes: number;

  constructor(
    private readonly files: readonly File[],
    private readonly onState: (s: UploadState) => void,
    private readonly upload: Upload = uploadTraceFile,
  ) {
    this.totalBytes = files.reduce((n, f) => n + f.size, 0);
  }

  /** Files [0, n) may be sent. */
  allow(n: number): void {
    this.allowed = Math.max(this.allowed, Math.min(n, this.files.length));
    this.pump();
  }

  /** Decoding failed: the upload in flight is aborted and nothing more is sent. */
  cancel(reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.inFlight?.abort();
    this.onState({ state: 'cancelled', reason });
  }

  private pump(): void {
    if (this.stopped || this.inFlight || this.next >= this.allowed) return;
    const file = this.files[this.next];
    const controller = new AbortController();
    this.inFlight = controller;
    this.onState({ state: 'uploading', loadedBytes: this.sentBytes, totalBytes: this.totalBytes });
    this.upload(file, {
      signal: controller.signal,
      onProgress: (loaded) => {
        if (!this.stopped)
          this.onState({
            state: 'uploading',
            loadedBytes: this.sentBytes + Math.min(loaded, file.size),
            totalBytes: this.totalBytes,
          });
      },
    }).then(
      (result) => this.sent(file, result),
      (error) => this.failed(file, error),
    );
  }

  private sent(file: File, result: ImportResult): void {
    this.inFlight = null;
    if (this.stopped) return;
    this.results.push(result);
    this.sentBytes += file.size;
    this.next++;
    if (this.next < this.files.length) {
      this.pump();
      return;
    }
    this.stopped = true;
    this.onState({
      state: 'stored',
      traceIds: [...new Set(this.results.flatMap((r) => r.traceIds))],
      spanCount: this.results.reduce((n, r) => n + r.spanCount, 0),
    });
  }

  private failed(file: File, error: unknown): void {
    this.inFlight = null;
    if (this.stopped) return;
    this.stopped = true;
    const reason = importRefusal(error);
    this.onState({ state: 'refused', reason: this.files.length > 1 ? `${file.name}: ${reason}` : reason });
  }
}
