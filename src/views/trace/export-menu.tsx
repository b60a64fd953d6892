/**
 * Download the trace as OTLP / Jaeger / Zipkin JSON (encoded by the worker) or the visible
 * waterfall as PNG.
 */
import { useEffect, useRef, useState } from 'react';
import type { ExportFormat } from '../../worker/protocol.ts';
import { Icon } from '../shell/icons.tsx';
import type { TraceCommands } from './use-trace-commands.ts';

const FORMATS: readonly [ExportFormat, string][] = [
  ['otlp-json', 'OTLP JSON'],
  ['jaeger-json', 'Jaeger JSON'],
  ['zipkin-json', 'Zipkin JSON'],
];

export function ExportMenu({ commands }: { readonly commands: TraceCommands }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node))
        setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

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
            Waterfall as PNG
          </button>
        </div>
      )}
    </div>
  );
}
