/**
 * Link previews for the HTTP routes: the PNG of a trace or diff view and the facts its page's meta
 * tags say. The traces are read from the store in the columnar transfer with their details
 * deferred (the bytes go to the worker as they are) and rendered in the preview worker
 * (preview-pool.ts); PNGs are cached by view (the image path names the trace(s), span, window and
 * theme), facts by trace, both bounded; a view asked for again while it renders shares that render,
 * and a page's meta tags get the facts as soon as the worker has them, before the painting.
 * An answer never fails: an unknown trace is a card saying so, and a preview that failed or is not
 * ready within `waitMs` is a generic card (not cached; the render goes on and is cached for the
 * next ask).
 */

import { paletteFor } from '../../render/theme.ts';
import type { TraceStore } from '../store/types.ts';
import { type CacheLimits, PreviewCache } from './preview-cache.ts';
import { messageCard, type Rendered } from './preview-job.ts';
import { type PoolOptions, PreviewPool } from './preview-pool.ts';
import { type PreviewRequest, previewImagePath, traceIdsOf } from './preview-request.ts';
import type { PreviewDrawn, PreviewFacts } from './protocol.ts';

export interface PreviewAnswer {
  readonly png: Uint8Array;
  /** 'fallback': the generic card of a preview that failed or is not ready yet. */
  readonly drawn: PreviewDrawn | 'fallback';
  readonly facts: PreviewFacts | null;
  /** Whether a client may keep it (not a fallback, not an unknown trace that may yet arrive). */
  readonly lasting: boolean;
  /** The worker's time per phase of a render done for this answer; empty when it came from the cache. */
  readonly timingsMs: Readonly<Record<string, number>>;
}

export interface PreviewOptions extends PoolOptions {
  /** How long an image answer waits for its render (default 8 s). */
  readonly waitMs?: number;
  readonly imageCache?: CacheLimits;
  readonly factsCache?: CacheLimits;
}

const MINUTE = 60_000;
const IMAGE_CACHE: CacheLimits = { maxBytes: 64 * 1024 * 1024, maxEntries: 256, ttlMs: 10 * MINUTE };
const FACTS_CACHE: CacheLimits = { maxBytes: 4 * 1024 * 1024, maxEntries: 1024, ttlMs: 10 * MINUTE };

const TIMED_OUT = Symbol('timed out');

function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function factsKey(r: PreviewRequest): string {
  return `${r.kind}:${traceIdsOf(r).join(':')}`;
}

interface Render {
  readonly rendered: Rendered;
  /** Every trace was in the store. */
  readonly complete: boolean;
}

/** A render under way: its answer, and its facts as soon as the worker has them (null: none). */
interface Rendering {
  readonly render: Promise<Render>;
  readonly facts: Promise<PreviewFacts | null>;
}

export class PreviewService {
  private readonly pool: PreviewPool;
  private readonly images: PreviewCache<Render>;
  private readonly facts: PreviewCache<PreviewFacts>;
  private readonly inflight = new Map<string, Rendering>();
  private readonly fallbacks = new Map<string, Promise<Uint8Array>>();

  constructor(
    private readonly store: () => TraceStore | null,
    private readonly options: PreviewOptions = {},
  ) {
    this.pool = new PreviewPool((traceId, key) => this.readDetails(traceId, key), options);
    this.images = new PreviewCache(options.imageCache ?? IMAGE_CACHE, (r) => r.rendered.png.byteLength);
    this.facts = new PreviewCache(options.factsCache ?? FACTS_CACHE, (f) => JSON.stringify(f).length);
  }

  private async readDetails(traceId: string, key: bigint): Promise<Uint8Array | null> {
    return (await this.store()?.getSpanDetails(traceId, key, key)) ?? null;
  }

  /** The render of this view: cached, running, or started now. */
  private rendering(r: PreviewRequest): Rendering {
    const key = previewImagePath(r);
    const cached = this.images.get(key);
    if (cached)
      return {
        render: Promise.resolve({ ...cached, rendered: { ...cached.rendered, timingsMs: {} } }),
        facts: Promise.resolve(cached.rendered.facts),
      };
    let work = this.inflight.get(key);
    if (!work) {
      let tell: (facts: PreviewFacts | null) => void = () => {};
      const facts = new Promise<PreviewFacts | null>((resolve) => {
        tell = resolve;
      });
      const onFacts = (f: PreviewFacts) => {
        this.facts.set(factsKey(r), f);
        tell(f);
      };
      const render = this.renderNow(r, key, onFacts).finally(() => this.inflight.delete(key));
      render.then(
        (done) => tell(done.rendered.facts),
        () => tell(null),
      );
      work = { render, facts };
      this.inflight.set(key, work);
    }
    return work;
  }

  private async renderNow(
    r: PreviewRequest,
    key: string,
    onFacts: (facts: PreviewFacts) => void,
  ): Promise<Render> {
    const store = this.store();
    if (!store) throw new Error('the store is not ready');
    const t0 = performance.now();
    const traces = await Promise.all(traceIdsOf(r).map((id) => store.getTrace(id, 'columnar-deferred')));
    const storeMs = performance.now() - t0;
    const drawn = await this.pool.render(r, traces, onFacts);
    const rendered = { ...drawn, timingsMs: { store: storeMs, ...drawn.timingsMs } };
    const render = { rendered, complete: traces.every((t) => t !== null) };
    if (render.complete) this.images.set(key, render);
    if (rendered.facts) this.facts.set(factsKey(r), rendered.facts);
    return render;
  }

  /** The PNG of this view, within `waitMs`. */
  async image(r: PreviewRequest): Promise<PreviewAnswer> {
    try {
      const done = await within(this.rendering(r).render, this.options.waitMs ?? 8_000);
      if (done !== TIMED_OUT) {
        const { rendered, complete } = done;
        const { png, drawn, facts, timingsMs } = rendered;
        return { png, drawn, facts, lasting: complete, timingsMs };
      }
    } catch {
      // A failed render (busy, store not ready, worker ended): the generic card below.
    }
    return { png: await this.fallback(r), drawn: 'fallback', facts: null, lasting: false, timingsMs: {} };
  }

  /**
   * The facts of the view's trace(s) if known, else those of the view's render (started now if it
   * is not running), as soon as the worker has them, within `waitMs`.
   */
  async factsOf(r: PreviewRequest, waitMs: number): Promise<PreviewFacts | null> {
    const known = this.facts.get(factsKey(r));
    if (known || waitMs <= 0) return known ?? null;
    const { render, facts } = this.rendering(r);
    render.catch(() => undefined);
    const told = await within(facts, waitMs);
    return told === TIMED_OUT ? null : told;
  }

  /** The generic card (drawn here, once per theme: a few ms, so it never waits on the worker). */
  private fallback(r: PreviewRequest): Promise<Uint8Array> {
    let png = this.fallbacks.get(r.theme);
    if (!png) {
      png = messageCard(
        'Spanscope',
        'Trace preview',
        'No preview yet',
        'Open the link to see it',
        paletteFor(r.theme),
      );
      this.fallbacks.set(r.theme, png);
    }
    return png;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
