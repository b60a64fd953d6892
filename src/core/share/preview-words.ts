/**
 * The words of a link preview: the meta tags' title and description, and the preview image's card,
 * which says the same in three lines (title, figures, and an alert: the first error or the first
 * divergence). Span data is cut to a line (share-text.ts); escaping for HTML is the server's.
 */
import type { DiffFacts } from './diff-facts.ts';
import type { FormatDuration } from './diff-words.ts';
import type { SearchFacts } from './search-facts.ts';
import { countText, oneLine, plural } from './share-text.ts';
import type { SpanLabel, TraceFacts } from './trace-facts.ts';

export interface PreviewWords {
  readonly title: string;
  /** Durations and counts. */
  readonly figures: string;
  /** The first error, or the first divergence; '' for none. */
  readonly alert: string;
  /** figures and alert in one line: the meta description. */
  readonly description: string;
}

const TITLE_CHARS = 120;
const LINE_CHARS = 200;
const DESCRIPTION_CHARS = 300;
const SHOWN_SERVICES = 4;

function words(title: string, figures: string, alert: string, joiner: string): PreviewWords {
  const f = oneLine(figures, LINE_CHARS);
  const a = oneLine(alert, LINE_CHARS);
  return {
    title: oneLine(title, TITLE_CHARS),
    figures: f,
    alert: a,
    description: oneLine(a ? `${f}${joiner}${a}` : f, DESCRIPTION_CHARS),
  };
}

/** "checkout POST /api/order" (the name alone without a service). */
export function spanLabelText(l: SpanLabel): string {
  return oneLine(l.service ? `${l.service} ${l.name}` : l.name, TITLE_CHARS);
}

function rootText(f: TraceFacts): string {
  return (f.root && spanLabelText(f.root)) || `trace ${f.traceId.slice(0, 8)}…`;
}

function servicesText(services: readonly string[]): string {
  const shown = services.slice(0, SHOWN_SERVICES).map((s) => oneLine(s, 40));
  const rest = services.length - shown.length;
  return `${plural(services.length, 'service')} (${shown.join(', ')}${rest > 0 ? `, +${countText(rest)}` : ''})`;
}

export function tracePreview(f: TraceFacts, duration: FormatDuration): PreviewWords {
  const figures = [duration(f.durationNs), plural(f.spanCount, 'span'), servicesText(f.services)];
  if (f.errorCount > 0) figures.push(plural(f.errorCount, 'error'));
  const e = f.errors[0];
  const alert = e ? `${spanLabelText(e)}${e.message ? `: ${e.message}` : ''}` : '';
  return words(rootText(f), figures.join(' · '), alert, ' — ');
}

export function diffPreview(f: DiffFacts, duration: FormatDuration): PreviewWords {
  const a = rootText(f.a);
  const b = rootText(f.b);
  const c = f.counts;
  const title =
    a === b ? `Diff: ${a} (${f.a.traceId.slice(0, 8)} vs ${f.b.traceId.slice(0, 8)})` : `Diff: ${a} vs ${b}`;
  const figures =
    `A ${duration(f.a.durationNs)} vs B ${duration(f.b.durationNs)} · ` +
    `${countText(c.changed)} changed, ${countText(c.added)} added, ${countText(c.removed)} removed`;
  const alert = f.firstDivergence ? `first divergence: ${f.firstDivergence}` : 'no divergence';
  return words(title, figures, alert, ' · ');
}

export function searchPreview(f: SearchFacts, duration: FormatDuration): PreviewWords {
  const query = f.query.trim();
  const first = f.hits[0];
  const newest = first
    ? ` · newest: ${first.root ? spanLabelText(first.root) : first.traceId}${first.durationMs === null ? '' : ` (${duration(first.durationMs * 1e6)})`}`
    : '';
  const figures = `${plural(f.count, 'trace')} found${f.count >= f.limit ? ' (the limit)' : ''}${newest}`;
  return words(query ? `Search: ${query}` : 'Recent traces', figures, '', '');
}
