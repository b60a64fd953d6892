/**
 * Span events on a mini timeline across the span's duration, then listed with their attributes;
 * `exception` events show type, message and a readable stack trace.
 */
import { useState } from 'react';
import { attrValueToString, findAttr, type SpanEvent } from '../../core/model/types.ts';
import { formatDuration } from '../../render/time-format.ts';
import { AttributeTable } from './attribute-table.tsx';
import { CopyButton } from './copy-button.tsx';
import { collapsedLines, frameCount, parseStacktrace } from './stacktrace.ts';

const FRAMES_SHOWN = 15;

function Stacktrace({ text }: { readonly text: string }) {
  const [all, setAll] = useState(false);
  const lines = parseStacktrace(text);
  const frames = frameCount(lines);
  const collapsed = collapsedLines(lines, FRAMES_SHOWN);
  const shown = all ? lines : collapsed;
  return (
    <div className="stacktrace">
      <div className="stacktrace-head">
        <span className="muted">Stack trace · {frames} frames</span>
        <CopyButton text={text} label="Copy stack trace" />
      </div>
      <pre>
        {shown.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional.
          <div key={i} className={`st-${l.kind}`}>
            {l.location ? (
              <>
                {l.text.slice(0, l.text.lastIndexOf(l.location))}
                <span className="st-location">{l.location}</span>
                {l.text.slice(l.text.lastIndexOf(l.location) + l.location.length)}
              </>
            ) : (
              l.text || '\u00a0'
            )}
          </div>
        ))}
      </pre>
      {collapsed.length < lines.length ? (
        <button type="button" className="link-button" onClick={() => setAll(!all)}>
          {all ? 'Show fewer frames' : `Show all ${frames} frames`}
        </button>
      ) : null}
    </div>
  );
}

function ExceptionEvent({ event }: { readonly event: SpanEvent }) {
  const get = (k: string) => {
    const v = findAttr(event.attributes, k);
    return v ? attrValueToString(v) : '';
  };
  const type = get('exception.type');
  const message = get('exception.message');
  const stack = get('exception.stacktrace');
  const rest = event.attributes.filter(
    (a) => !['exception.type', 'exception.message', 'exception.stacktrace'].includes(a.key),
  );
  return (
    <div className="exception">
      <p className="exception-title">
        {type && <strong className="mono">{type}</strong>}
        {type && message && ': '}
        {message}
        {!type && !message && <span className="muted">(no type or message)</span>}
      </p>
      {stack && <Stacktrace text={stack} />}
      {rest.length > 0 && <AttributeTable attributes={rest} label="Event attributes" />}
    </div>
  );
}

interface Props {
  readonly events: readonly SpanEvent[];
  readonly spanStartNs: bigint | null;
  readonly durNs: number;
  readonly dropped?: number;
}

export function EventsSection({ events, spanStartNs, durNs, dropped }: Props) {
  const sorted = [...events].sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
  const offsetNs = (e: SpanEvent) => (spanStartNs === null ? null : Number(e.timeNs - spanStartNs));
  return (
    <section className="detail-section" aria-label="Events">
      <h3>
        Events <span className="count">{events.length}</span>
        {dropped ? <span className="muted"> ({dropped} dropped)</span> : null}
      </h3>
      {durNs > 0 && spanStartNs !== null && (
        <div className="event-timeline" aria-hidden="true">
          {sorted.map((e, i) => {
            const at = Math.min(1, Math.max(0, (offsetNs(e) ?? 0) / durNs));
            return (
              <span
                // biome-ignore lint/suspicious/noArrayIndexKey: events may share a name and a time.
                key={i}
                className={`event-tick ${e.name === 'exception' ? 'event-exception' : ''}`}
                style={{ left: `${at * 100}%` }}
                title={`${e.name} at +${formatDuration(offsetNs(e) ?? 0)}`}
              />
            );
          })}
        </div>
      )}
      <ol className="event-list">
        {sorted.map((e, i) => {
          const off = offsetNs(e);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: events may share a name and a time.
            <li key={i} className={e.name === 'exception' ? 'event-exception' : undefined}>
              <div className="event-head">
                <span className="event-time mono">{off === null ? '' : `+${formatDuration(off)}`}</span>
                <strong>{e.name || <span className="muted">(unnamed event)</span>}</strong>
              </div>
              {e.name === 'exception' ? (
                <ExceptionEvent event={e} />
              ) : (
                e.attributes.length > 0 && (
                  <AttributeTable attributes={e.attributes} label="Event attributes" />
                )
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
