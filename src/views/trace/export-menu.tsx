/**
 * Download the trace as OTLP / Jaeger / Zipkin JSON (encoded by the worker) or the visible canvas
 * view (waterfall or flame graph) as PNG.
 */
import { useCallback, useRef, useState } from 'react';
import { useTraceView } from '../../state/trace-view.ts';
import type { ExportFormat } from '../../worker/protocol.ts';
import { Icon } from '../shell/icons.tsx';
import { useDismiss } from '../shell/use-dismiss.ts';
import type { TraceCommands } from './use-trace-commands.ts';

const FORMATS: readonly [ExportFormat, string][] = [
  ['otlp-json', 'OTLP JSON'],
  ['jaeger-json', 'Jaeger JSON'],
  ['zipkin-json', 'Zipkin JSON'],
];

export function ExportMenu({ commands }: { readonly commands: TraceCommands }) {
  const [open, setOpen] = useState(false);
  const view = useTraceView((s) => s.view);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(
    open,
    root,
    useCallback(() => setOpen(false), []),
  );

  const run = (action: () => Promise<void>) => {
    setOpen(false);
    void action();
  };
  return (
    <div className="menu" ref={root}>
      <button
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <Icon name="download" />
        <span>Export</span>
      </button>
      {open && (
        <div className="menu-list" role="menu">
          {FORMATS.map(([format, label]) => (
            <button
              key={format}
              type="button"
              role="menuitem"
              onClick={() => run(() => commands.exportTrace(format))}
            >
              {label}
            </button>
          ))}
          <button type="button" role="menuitem" onClick={() => run(commands.exportPng)}>
            {view === 'flame' ? 'Flame graph as PNG' : 'Waterfall as PNG'}
          </button>
        </div>
      )}
    </div>
  );
}
