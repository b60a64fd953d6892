/**
 * Span links: a link into this trace selects that span; a link to another trace opens it there.
 */
import type { SpanLink } from '../../core/model/types.ts';
import { traceHref } from '../../state/url.ts';
import { Link } from '../link.tsx';
import { AttributeTable } from './attribute-table.tsx';

interface Props {
  readonly links: readonly SpanLink[];
  readonly traceId: string;
  readonly onSelectSpan: (spanId: string) => void;
  readonly dropped?: number;
}

export function LinksSection({ links, traceId, onSelectSpan, dropped }: Props) {
  return (
    <section className="detail-section" aria-label="Links">
      <h3>
        Links <span className="count">{links.length}</span>
        {dropped ? <span className="muted"> ({dropped} dropped)</span> : null}
      </h3>
      <ul className="link-list">
        {links.map((l, i) => {
          const here = l.traceId === traceId;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: links may repeat a target.
            <li key={i}>
              <div className="link-target">
                {l.refType && <span className="badge">{l.refType}</span>}
                {here ? (
                  <button type="button" className="link-button mono" onClick={() => onSelectSpan(l.spanId)}>
                    span {l.spanId}
                  </button>
                ) : (
                  <Link href={traceHref(l.traceId, { spanId: l.spanId })} className="mono">
                    trace {l.traceId.slice(0, 16)}… span {l.spanId}
                  </Link>
                )}
                <span className="muted">{here ? '(this trace)' : '(another trace)'}</span>
              </div>
              {l.attributes.length > 0 && (
                <AttributeTable attributes={l.attributes} label="Link attributes" />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
