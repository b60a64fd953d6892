/**
 * The words of a link preview (Open Graph / Twitter card meta tags and the card drawn on the preview
 * image): a title naming the trace, the diff or the search, and a one-line description of what it
 * holds. Span data is cut to a line (share-text.ts); escaping for HTML is the server's.
 */
import type { DiffFacts } from './diff-facts.ts';
import type { FormatDuration } from './diff-words.ts';
import type { SearchFacts } from './search-facts.ts';
import { countText, oneLine, plural } from './share-text.ts';
import type { SpanLabel, TraceFacts } from './trace-facts.ts';

export interface PreviewWords {
  readonly title: string;
  readonly description: string;
}

const TITLE_CHARS = 120;
const DESCRIPTION_CHARS = 300;
const SHOWN_SERVICES = 4;

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

function firstError(f: TraceFacts): string {
  const e = f.errors[0];
  if (!e) return '';
  return ` — ${spanLabelText(e)}${e.message ? `: ${e.message}` : ''}`;
}

export function tracePreview(f: TraceFacts, duration: FormatDuration): PreviewWords {
  const parts = [duration(f.durationNs), plural(f.spanCount, 'span'), servicesText(f.services)];
  if (f.errorCount > 0) parts.push(plural(f.errorCount, 'error'));
  return {
    title: oneLine(rootText(f), TITLE_CHARS),
    description: oneLine(parts.join(' · ') + firstError(f), DESCRIPTION_CHARS),
  };
}

export function diffPreview(f: DiffFacts, duration: FormatDuration): PreviewWords {
  const a = rootText(f.a);
  const b = rootText(f.b);
  const c = f.counts;
  const changes = `${countText(c.changed)} changed, ${countText(c.added)} added, ${countText(c.removed)} removed`;
  const divergence = f.firstDivergence ? ` · first divergence: ${f.firstDivergence}` : ' · no divergence';
  return {
    title: oneLine(
      a === b
        ? `Diff: ${a} (${f.a.traceId.slice(0, 8)} vs ${f.b.traceId.slice(0, 8)})`
        : `Diff: ${a} vs ${b}`,
      TITLE_CHARS,
    ),
    description: oneLine(
      `A ${duration(f.a.durationNs)} vs B ${duration(f.b.durationNs)} · ${changes}${divergence}`,
      DESCRIPTION_CHARS,
    ),
  };
}

export function searchPreview(f: SearchFacts, duration: FormatDuration): PreviewWords {
  const query = f.query.trim();
  const first = f.hits[0];
  const firstText = first
    ? ` · newest: ${first.root ? spanLabelText(first.root) : first.traceId}${first.durationMs === null ? '' : ` (${duration(first.durationMs * 1e6)})`}`
    : '';
  return {
    title: oneLine(query ? `Search: ${query}` : 'Recent traces', TITLE_CHARS),
    description: oneLine(
      `${plural(f.count, 'trace')} found${f.count >= f.limit ? ` (the limit)` : ''}${firstText}`,
      DESCRIPTION_CHARS,
    ),
  };
}
