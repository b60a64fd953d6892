/**
 * "Copy for incident": a trace, a diff or a search as a chat message, in Markdown and in plain
 * text: the absolute link, the root operation, start, duration and size, then the error spans with
 * their messages (a diff: the first divergence, regressions and errors only in B; a search: the
 * first results). Span data is cut to a line and kept text (share-text.ts); lists stop with
 * "and N more" so that each variant fits in INCIDENT_MAX_CHARS, whatever the trace (a link longer
 * than that, a search's very long query, is still given whole).
 */
import type { DiffFacts } from './diff-facts.ts';
import type { FormatDuration } from './diff-words.ts';
import type { SearchFacts } from './search-facts.ts';
import { countText, markdownCode, markdownText, oneLine, plural, utcText } from './share-text.ts';
import type { SpanLabel, TraceFacts } from './trace-facts.ts';

export const INCIDENT_MAX_CHARS = 1500;

const LABEL_CHARS = 100;
const MESSAGE_CHARS = 160;
const SENTENCE_CHARS = 220;
const QUERY_CHARS = 200;

export interface IncidentText {
  readonly markdown: string;
  readonly text: string;
}

/** A line in both variants. */
type Line = readonly [markdown: string, text: string];

/** The lines of a message, lists cut to what fits. */
class Message {
  private readonly md: string[] = [];
  private readonly plain: string[] = [];

  add([md, text]: Line): this {
    this.md.push(md);
    this.plain.push(text);
    return this;
  }

  private fits([md, text]: Line, reserve: number): boolean {
    const size = (lines: string[], extra: string) =>
      lines.reduce((n, l) => n + l.length + 1, 0) + extra.length + reserve;
    return size(this.md, md) <= INCIDENT_MAX_CHARS && size(this.plain, text) <= INCIDENT_MAX_CHARS;
  }

  /** A heading and bullet items while they fit; then "… and N more" for the rest of `total`. */
  list(heading: Line, items: readonly Line[], total: number): this {
    if (total === 0) return this;
    const more = (n: number): Line => [`- … and ${countText(n)} more`, `- … and ${countText(n)} more`];
    const reserve = more(total)[0].length + 1;
    if (!this.fits(heading, reserve)) return this;
    this.add(heading);
    let shown = 0;
    for (const [md, text] of items) {
      const item: Line = [`- ${md}`, `- ${text}`];
      if (!this.fits(item, shown + 1 < total ? reserve : 0)) break;
      this.add(item);
      shown++;
    }
    if (shown < total) this.add(more(total - shown));
    return this;
  }

  done(): IncidentText {
    return { markdown: this.md.join('\n'), text: this.plain.join('\n') };
  }
}

function labelText(l: SpanLabel | null): string {
  if (!l) return '(no spans)';
  return oneLine(l.service ? `${l.service} ${l.name}` : l.name, LABEL_CHARS) || '(unnamed)';
}

function label(l: SpanLabel | null): Line {
  const text = labelText(l);
  return [l ? markdownCode(text) : text, text];
}

/** Free text (a message, a sentence): escaped in Markdown. */
function words(text: string, maxChars: number): Line {
  const clean = oneLine(text, maxChars);
  return [markdownText(clean), clean];
}

function join(...parts: Line[]): Line {
  return [parts.map((p) => p[0]).join(''), parts.map((p) => p[1]).join('')];
}

const same = (s: string): Line => [s, s];

function sizeOf(f: TraceFacts, duration: FormatDuration): string {
  const services = plural(f.services.length, 'service');
  return `${duration(f.durationNs)} · ${plural(f.spanCount, 'span')} · ${services} · ${plural(f.errorCount, 'error')}`;
}

function started(f: TraceFacts): Line {
  const at = utcText(f.startMs);
  return same(`${at ? `Started ${at} · ` : ''}trace ${f.traceId}`);
}

export function traceIncident(f: TraceFacts, link: string, duration: FormatDuration): IncidentText {
  const errors = f.errors.map((e) => {
    const message = e.message ? join(same(': '), words(e.message, MESSAGE_CHARS)) : same('');
    return join(label(e), message);
  });
  return new Message()
    .add(join(['**Trace** ', 'Trace: '], label(f.root), same(` · ${sizeOf(f, duration)}`)))
    .add(started(f))
    .add(same(link))
    .list(['**Errors:**', 'Errors:'], errors, f.errorCount)
    .done();
}

export function diffIncident(f: DiffFacts, link: string, duration: FormatDuration): IncidentText {
  const delta = f.b.durationNs - f.a.durationNs;
  const [a, b] = [label(f.a.root), label(f.b.root)];
  const roots = a[1] === b[1] ? b : join(a, same(' vs '), b);
  const c = f.counts;
  return new Message()
    .add(join(['**Diff** ', 'Diff: '], roots))
    .add(
      same(
        `A ${duration(f.a.durationNs)}, B ${duration(f.b.durationNs)} (B − A ${delta >= 0 ? '+' : ''}${duration(delta)}) · ` +
          `${countText(c.matched)} matched, ${countText(c.changed)} changed, ${countText(c.added)} added, ${countText(c.removed)} removed`,
      ),
    )
    .add(same(`A trace ${f.a.traceId} · B trace ${f.b.traceId}`))
    .add(same(link))
    .add(
      f.firstDivergence
        ? join(['**First divergence:** ', 'First divergence: '], words(f.firstDivergence, SENTENCE_CHARS))
        : same('No divergence: B does what A does.'),
    )
    .list(
      ['**Self-time regressions:**', 'Self-time regressions:'],
      f.regressions.map((r) => words(r, SENTENCE_CHARS)),
      f.regressionCount,
    )
    .list(
      ['**Errors only in B:**', 'Errors only in B:'],
      f.errorsOnlyInB.map((e) => words(e, LABEL_CHARS)),
      f.errorsOnlyInBCount,
    )
    .done();
}

function rangeText(f: SearchFacts): string {
  if (f.startMs === null && f.endMs === null) return 'any time';
  return `${f.startMs === null ? '…' : utcText(f.startMs)} → ${f.endMs === null ? 'now' : utcText(f.endMs)}`;
}

export function searchIncident(
  f: SearchFacts,
  link: string,
  traceLink: (traceId: string) => string,
  duration: FormatDuration,
): IncidentText {
  const query = f.query.trim();
  const what: Line = query ? words(query, QUERY_CHARS) : same('recent traces');
  const found = `${plural(f.count, 'trace')}${f.count >= f.limit ? ` (the limit, ${countText(f.limit)})` : ''}`;
  const hits = f.hits.map((h) => {
    const figures = [
      h.durationMs === null ? '' : duration(h.durationMs * 1e6),
      h.errorCount ? plural(h.errorCount, 'error') : '',
    ].filter(Boolean);
    return join(
      label(h.root),
      same(`${figures.length ? ` ${figures.join(', ')}` : ''} ${traceLink(h.traceId)}`),
    );
  });
  return new Message()
    .add(join(['**Search** ', 'Search: '], query ? [markdownCode(what[1]), what[1]] : what))
    .add(same(`${found} · ${rangeText(f)}`))
    .add(same(link))
    .list(['**Results:**', 'Results:'], hits, f.count)
    .done();
}
