/**
 * What the preview worker's jobs share: their limits, the job under way (phases timed, facts told
 * early), the answer's shape, and the card that says what could not be drawn (an unknown trace, one
 * over the span limit).
 */
import { countText } from '../../core/share/share-text.ts';
import type { CardText } from '../../render/paint-card.ts';
import type { Palette } from '../../render/theme.ts';
import type { DecodedTrace } from './open-trace.ts';
import { drawCard } from './preview-canvas.ts';
import type { DoneMessage, PreviewFacts } from './protocol.ts';

export interface RenderLimits {
  /** Past this since the job began (checked once the trees are built): a summary card. */
  readonly budgetMs: number;
  /** A trace of more spans is not read further: a message card. */
  readonly maxSpans: number;
}

export const DEFAULT_LIMITS: RenderLimits = { budgetMs: 2_000, maxSpans: 2_000_000 };

export type Rendered = Omit<DoneMessage, 'type' | 'id'>;

/**
 * A job under way: times its phases (worker ms per phase, for benchmarks) and the whole of it, tells
 * its facts as soon as they are known (a page's meta tags need not wait for the painting), and
 * says its answer.
 */
export class Job {
  readonly timingsMs: Record<string, number> = {};
  private readonly start = performance.now();
  private last = this.start;

  constructor(private readonly onFacts: (facts: PreviewFacts) => void = () => {}) {}

  tell(facts: PreviewFacts): void {
    this.onFacts(facts);
  }

  lap(phase: string): void {
    const now = performance.now();
    this.timingsMs[phase] = (this.timingsMs[phase] ?? 0) + now - this.last;
    this.last = now;
  }

  elapsedMs(): number {
    return performance.now() - this.start;
  }

  /** The job's answer, with the time of its phases. */
  answer(png: Uint8Array, drawn: Rendered['drawn'], facts: PreviewFacts | null): Rendered {
    return { png, drawn, facts, timingsMs: this.timingsMs };
  }
}

export const shortId = (id: string) => id.slice(0, 8);

/** A card whose body says what could not be drawn, under a header naming the link. */
export function messageCard(
  kind: string,
  title: string,
  message: string,
  detail: string,
  palette: Palette,
): Promise<Uint8Array> {
  const text: CardText = { kind, title, swatch: null, figures: '', alert: '', panes: null };
  return drawCard(text, { kind: 'message', message, detail }, palette);
}

/** The message when one of these traces has more spans than a preview reads, or null. */
export function overLimit(traces: readonly DecodedTrace[], limits: RenderLimits): string | null {
  if (traces.every((t) => t.table.count <= limits.maxSpans)) return null;
  return `${traces.map((t) => countText(t.table.count)).join(' and ')} spans: too many for a preview`;
}

export const UNKNOWN = { message: 'Trace not found', detail: 'It is not in this store (any more).' } as const;
export const SUMMARY = {
  message: 'Too big to draw in time',
  detail: 'Open the link to see the waterfall',
} as const;
