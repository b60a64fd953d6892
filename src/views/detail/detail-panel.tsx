/**
 * The selected span in full: identity, timing, status, the semantic-convention summary, span and
 * resource attributes, scope, events (exceptions with stack traces) and links. The details are
 * asked from the worker for the selected node only.
 */

import { useQuery } from '@tanstack/react-query';
import type { ReactNode, Ref } from 'react';
import { NodeFlag } from '../../core/layout/trace-columns.ts';
import { SPAN_KIND_NAMES, STATUS_NAMES, StatusCode } from '../../core/model/types.ts';
import { revealInvisible } from '../../core/model/visible-text.ts';
import { formatDuration } from '../../render/time-format.ts';
import type { NodeDetails } from '../../worker/protocol.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { formatAbsoluteNs } from '../format/format.ts';
import { Icon } from '../shell/icons.tsx';
import { nodeForSpanId } from '../trace/selection.ts';
import { handleSerial } from '../trace/use-trace-handle.ts';
import { AttributeTable } from './attribute-table.tsx';
import { CopyButton } from './copy-button.tsx';
import { EventsSection } from './events-section.tsx';
import { LinksSection } from './links-section.tsx';
import { SemanticSection } from './semantic-section.tsx';

interface Props {
  readonly handle: TraceHandle;
  readonly node: number;
  /** Fixed width; absent: the panel fills its box (the diff's two panels side by side). */
  readonly widthPx?: number;
  readonly onClose: () => void;
  readonly onSelectNode: (node: number) => void;
  readonly ref?: Ref<HTMLElement>;
  /** Shown above the span's name (which trace it is in, in the diff). */
  readonly title?: ReactNode;
  /** Span attribute keys to mark as changed. */
  readonly changedKeys?: ReadonlySet<string>;
  /** The panel's accessible name (default "Span details"). */
  readonly label?: string;
}

const FLAG_NOTES: readonly [number, string][] = [
  [NodeFlag.MissingParent, 'Placeholder for a parent span that is not in the trace.'],
  [NodeFlag.Orphan, 'Its parent span is not in the trace.'],
  [NodeFlag.SkewAdjusted, 'Shifted to correct clock skew between services.'],
  [NodeFlag.DuplicateId, 'Another span in the trace has the same id.'],
  [NodeFlag.MissingStart, 'The source gave no start time: drawn at its parent’s start.'],
  [NodeFlag.MissingDuration, 'The source gave no (or a negative) duration: drawn as 0.'],
  [NodeFlag.CycleBroken, 'Its parent link was cut to break a cycle.'],
];

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="detail-field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Body({
  d,
  handle,
  onSelectNode,
  changedKeys,
}: {
  d: NodeDetails;
  handle: TraceHandle;
  onSelectNode: (n: number) => void;
  changedKeys?: ReadonlySet<string>;
}) {
  const details = d.details;
  const parentNode = handle.columns.parent[d.node];
  const isError = d.status === StatusCode.Error || (d.flags & NodeFlag.Error) !== 0;
  return (
    <>
      <dl className="detail-fields">
        <Field label="Duration">
          {formatDuration(d.durNs)} <span className="muted">(self {formatDuration(d.selfNs)})</span>
        </Field>
        <Field label="Start">
          +{formatDuration(d.startNs)}{' '}
          {d.absoluteStartNs !== null && (
            <span className="muted">at {formatAbsoluteNs(d.absoluteStartNs)}</span>
          )}
        </Field>
        <Field label="Kind">{SPAN_KIND_NAMES[d.kind] ?? `unknown (${d.kind})`}</Field>
        <Field label="Status">
          <span
            className={`status-pill ${isError ? 'status-error' : d.status === StatusCode.Ok ? 'status-ok' : ''}`}
          >
            {STATUS_NAMES[d.status] ?? `unknown (${d.status})`}
          </span>
          {details?.statusMessage && <span className="status-message"> {details.statusMessage}</span>}
        </Field>
        <Field label="Span id">
          <span className="mono">{d.spanId}</span> <CopyButton text={d.spanId} label="Copy span id" />
        </Field>
        <Field label="Parent">
          {d.parentSpanId ? (
            parentNode >= 0 ? (
              <button type="button" className="link-button mono" onClick={() => onSelectNode(parentNode)}>
                {d.parentSpanId}
              </button>
            ) : (
              <span className="mono">{d.parentSpanId}</span>
            )
          ) : (
            <span className="muted">none (root)</span>
          )}
        </Field>
      </dl>
      {FLAG_NOTES.filter(([bit]) => d.flags & bit).map(([bit, note]) => (
        <p key={bit} className="detail-note">
          <Icon name="warning" size={14} /> {note}
        </p>
      ))}
      {details && (
        <>
          <SemanticSection attributes={details.attributes} />
          <section className="detail-section" aria-label="Span attributes">
            <h3>
              Attributes <span className="count">{details.attributes.length}</span>
            </h3>
            <AttributeTable
              attributes={details.attributes}
              label="Span attributes"
              dropped={details.droppedAttributesCount}
              changed={changedKeys}
            />
          </section>
          {(details.events.length > 0 || details.droppedEventsCount) && (
            <EventsSection
              events={details.events}
              spanStartNs={d.absoluteStartNs}
              durNs={d.durNs}
              dropped={details.droppedEventsCount}
            />
          )}
          {(details.links.length > 0 || details.droppedLinksCount) && (
            <LinksSection
              links={details.links}
              traceId={d.traceId}
              dropped={details.droppedLinksCount}
              onSelectSpan={(spanId) => {
                const n = nodeForSpanId(handle.columns, spanId);
                if (n >= 0) onSelectNode(n);
              }}
            />
          )}
          <section className="detail-section" aria-label="Resource attributes">
            <h3>
              Resource <span className="count">{details.resource.attributes.length}</span>
            </h3>
            <AttributeTable
              attributes={details.resource.attributes}
              label="Resource attributes"
              dropped={details.resource.droppedAttributesCount}
            />
          </section>
          <section className="detail-section" aria-label="Instrumentation scope">
            <h3>Instrumentation scope</h3>
            {details.scope.name || details.scope.version ? (
              <p className="mono scope-line">
                {details.scope.name || '(unnamed)'}{' '}
                {details.scope.version && <span className="muted">{details.scope.version}</span>}
              </p>
            ) : (
              <p className="muted empty-note">Not given by the source.</p>
            )}
            {details.scope.attributes.length > 0 && (
              <AttributeTable attributes={details.scope.attributes} label="Scope attributes" />
            )}
          </section>
        </>
      )}
    </>
  );
}

export function DetailPanel(props: Props) {
  const { handle, node, widthPx, onClose, onSelectNode, ref, title, changedKeys, label } = props;
  const query = useQuery({
    queryKey: ['details', handleSerial(handle), node],
    queryFn: () => handle.details(node),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30_000,
  });
  const d = query.data;
  return (
    <aside
      ref={ref}
      className="detail-panel"
      style={widthPx === undefined ? undefined : { width: widthPx }}
      tabIndex={-1}
      aria-label={label ?? 'Span details'}
      data-testid="detail-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header className="detail-head">
        <div className="detail-title">
          {title && <div className="detail-side">{title}</div>}
          <span className="service-chip">{revealInvisible(d?.service ?? '…')}</span>
          <h2>{revealInvisible(d?.name ?? '')}</h2>
        </div>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label="Close the span details"
          title="Close (Esc)"
        >
          <Icon name="close" />
        </button>
      </header>
      <div className="detail-scroll">
        {query.isError && <p className="error-text">Could not read the span: {query.error.message}</p>}
        {d && <Body d={d} handle={handle} onSelectNode={onSelectNode} changedKeys={changedKeys} />}
      </div>
    </aside>
  );
}
