/**
 * Sends OTLP/HTTP export requests for `spanscope push`: a few in flight at once, 429/502/503/504
 * retried after Retry-After, connection failures retried with back-off (the server may be
 * restarting), 413 answered by splitting the batch. A batch is done only when acknowledged (200).
 */
import { Agent, type Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ExportTraceServiceResponse } from '../../core/formats/otlp-proto/schema.ts';
import { decodeStatusBody } from '../otlp/otlp-response.ts';

export interface Batch {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly spans: number;
  /** Two smaller batches holding the same spans, or null when it cannot be split further. */
  split(): readonly Batch[] | null;
}

/** Why a push failed; `exitCode` 2 for bad input, 1 for everything else. */
export class PushError extends Error {
  override name = 'PushError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

export interface SenderOptions {
  readonly concurrency: number;
  /** How long a batch may keep being retried before the push gives up. */
  readonly retryBudgetMs: number;
  /** Sent as `Authorization: Bearer` (a store started with `--auth-token-env`); null: none. */
  readonly token?: string | null;
}

export interface SendTotals {
  requests: number;
  acceptedSpans: number;
  rejectedSpans: number;
  retries: number;
  readonly rejections: string[];
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly retryAfter: string | undefined;
  readonly body: Buffer;
}

const RETRYABLE = new Set([429, 502, 503, 504]);
const MAX_WAIT_MS = 30_000;

/** Retry-After in seconds or as an HTTP date → milliseconds, or null when absent or unreadable. */
export function retryAfterMs(header: string | undefined, nowMs = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Math.min(Number(header) * 1000, MAX_WAIT_MS);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.min(Math.max(at - nowMs, 0), MAX_WAIT_MS);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Sender {
  readonly totals: SendTotals = {
    requests: 0,
    acceptedSpans: 0,
    rejectedSpans: 0,
    retries: 0,
    rejections: [],
  };
  readonly #url: URL;
  readonly #agent: HttpAgent;
  readonly #inflight = new Set<Promise<void>>();
  #failure: PushError | null = null;

  constructor(
    baseUrl: string,
    readonly options: SenderOptions,
  ) {
    this.#url = new URL('/v1/traces', baseUrl);
    const agentOptions = { keepAlive: true, maxSockets: options.concurrency };
    this.#agent = this.#url.protocol === 'https:' ? new HttpsAgent(agentOptions) : new Agent(agentOptions);
  }

  /** Queues a batch; waits while `concurrency` batches are in flight. Throws the first failure. */
  async send(batch: Batch): Promise<void> {
    while (this.#inflight.size >= this.options.concurrency) await Promise.race(this.#inflight);
    if (this.#failure) throw this.#failure;
    const work = this.#deliver(batch).catch((err: unknown) => {
      this.#failure ??= err instanceof PushError ? err : new PushError(String((err as Error).message), 1);
    });
    this.#inflight.add(work);
    work.finally(() => this.#inflight.delete(work));
  }

  /** Waits until every queued batch is acknowledged; throws the first failure. */
  async flush(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.all(this.#inflight);
    if (this.#failure) throw this.#failure;
  }

  close(): void {
    this.#agent.destroy();
  }

  async #deliver(batch: Batch): Promise<void> {
    const deadline = Date.now() + this.options.retryBudgetMs;
    let backoffMs = 250;
    for (;;) {
      if (this.#failure) return;
      let answer: Answer;
      try {
        answer = await this.#post(batch);
      } catch (err) {
        if (Date.now() + backoffMs > deadline) {
          throw new PushError(`cannot reach ${this.#url.href}: ${(err as Error).message}`, 1);
        }
        await this.#wait(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 5_000);
        continue;
      }
      this.totals.requests++;
      if (answer.status === 200) return this.#acknowledged(batch, answer);
      if (RETRYABLE.has(answer.status)) {
        const waitMs = retryAfterMs(answer.retryAfter) ?? backoffMs;
        if (Date.now() + waitMs > deadline) {
          throw new PushError(`the server kept answering ${answer.status}; gave up`, 1);
        }
        await this.#wait(waitMs);
        backoffMs = Math.min(backoffMs * 2, 5_000);
        continue;
      }
      if (answer.status === 413) {
        const halves = batch.split();
        if (!halves)
          throw new PushError(
            `one span is larger than the server's request limit (${batch.body.length} bytes)`,
            2,
          );
        for (const half of halves) await this.#deliver(half);
        return;
      }
      const reason = describeError(answer);
      throw new PushError(
        `the server answered ${answer.status}${reason ? `: ${reason}` : ''}`,
        answer.status === 400 ? 2 : 1,
      );
    }
  }

  async #wait(ms: number) {
    this.totals.retries++;
    await sleep(ms);
  }

  #acknowledged(batch: Batch, answer: Answer) {
    const partial = readPartialSuccess(answer);
    this.totals.acceptedSpans += batch.spans - partial.rejected;
    this.totals.rejectedSpans += partial.rejected;
    if (partial.message) this.totals.rejections.push(partial.message);
  }

  #post(batch: Batch): Promise<Answer> {
    const request = this.#url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(this.#url, {
        method: 'POST',
        agent: this.#agent,
        headers: {
          'Content-Type': batch.contentType,
          'Content-Length': batch.body.byteLength,
          ...(this.options.token ? { Authorization: `Bearer ${this.options.token}` } : {}),
        },
      });
      req.on('response', (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            retryAfter: res.headers['retry-after'],
            body: Buffer.concat(parts),
          }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(batch.body);
    });
  }
}

const isProtobuf = (answer: Answer) => answer.contentType.includes('protobuf');

/** The partial success of an ExportTraceServiceResponse, in either encoding. */
function readPartialSuccess(answer: Answer): { rejected: number; message: string } {
  try {
    if (isProtobuf(answer)) {
      const r = ExportTraceServiceResponse.toObject(ExportTraceServiceResponse.decode(answer.body), {
        longs: Number,
      }).partial_success;
      return { rejected: Number(r?.rejected_spans ?? 0), message: r?.error_message ?? '' };
    }
    const r = answer.body.length ? JSON.parse(answer.body.toString('utf8')).partialSuccess : undefined;
    return { rejected: Number(r?.rejectedSpans ?? r?.rejected_spans ?? 0), message: r?.errorMessage ?? '' };
  } catch {
    return { rejected: 0, message: '' };
  }
}

/** The reason in an error answer (google.rpc.Status or `{error}`), '' when there is none. */
function describeError(answer: Answer): string {
  try {
    if (isProtobuf(answer)) return decodeStatusBody('protobuf', answer.body).message;
    const json = JSON.parse(answer.body.toString('utf8'));
    return String(json.message ?? json.error ?? '');
  } catch {
    return answer.body.toString('utf8').slice(0, 200).trim();
  }
}
