/**
 * `view=json`: the raw OTLP JSON of the selected span (with its resource and scope), or of the
 * whole trace when nothing is selected. Very large traces show their beginning and offer the file.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { spanIdOf } from '../../core/layout/trace-columns.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { CopyButton } from '../detail/copy-button.tsx';
import { formatBytes } from '../format/format.ts';
import { downloadBlob } from './browser-io.ts';
import { spanFromOtlpJson } from './span-json.ts';
import { handleSerial } from './use-trace-handle.ts';

const SHOWN_CHARS = 2_000_000;

export function JsonView({
  handle,
  selectedNode,
}: {
  readonly handle: TraceHandle;
  readonly selectedNode: number;
}) {
  const encoded = useQuery({
    queryKey: ['encoded', handleSerial(handle), 'otlp-json'],
    queryFn: async () => {
      const text = await (await handle.encode('otlp-json')).text();
      return { text, value: JSON.parse(text) as unknown };
    },
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30_000,
  });
  const spanId = selectedNode >= 0 ? spanIdOf(handle.columns, selectedNode) : null;
  const text = useMemo(() => {
    if (!encoded.data) return '';
    if (!spanId) return JSON.stringify(encoded.data.value, null, 2);
    const span = spanFromOtlpJson(encoded.data.value, spanId);
    return span ? JSON.stringify(span, null, 2) : '';
  }, [encoded.data, spanId]);

  if (encoded.isPending) return <p className="muted loading-line">Encoding the trace as OTLP JSON…</p>;
  if (encoded.isError)
    return <p className="error-text">Could not encode the trace: {encoded.error.message}</p>;
  const cut = text.length > SHOWN_CHARS;
  return (
    <div className="json-view">
      <div className="json-head">
        <span>
          {spanId ? (
            <>
              Span <span className="mono">{spanId}</span> with its resource and scope (OTLP JSON)
            </>
          ) : (
            'The whole trace (OTLP JSON). Select a span to see only its JSON.'
          )}
        </span>
        <span className="muted">{formatBytes(text.length)}</span>
        <CopyButton text={text} label="Copy the JSON" />
        <button
          type="button"
          className="button button-small"
          onClick={() =>
            downloadBlob(new Blob([text], { type: 'application/json' }), `${spanId ?? handle.traceId}.json`)
          }
        >
          Download
        </button>
      </div>
      {spanId && !text && (
        <p className="muted">This span has no JSON of its own (a placeholder for a missing parent).</p>
      )}
      <pre className="json-text" data-testid="json-text">
        {cut
          ? `${text.slice(0, SHOWN_CHARS)}\n… (${formatBytes(text.length - SHOWN_CHARS)} more: download to see all)`
          : text}
      </pre>
    </div>
  );
}
